import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import type { ActivityAggregate } from "../../../core/engine/activity/usage.js";
import { ActionSet } from "../../../core/engine/catalog/action-set.js";
import { COMPANION_ACTIONS } from "../../../core/engine/generate/companions.js";
import { combinedEvidence } from "../../../core/engine/generate/last-access.js";
import { observedFromUsage } from "../../../core/engine/generate/observed.js";
import { proposedPermissions, proveWithinCurrent } from "../../../core/engine/generate/proof.js";
import { recommend } from "../../../core/engine/generate/recommend.js";
import type {
  GenerateInput,
  GenerateOptions,
  LastAccessEvidence,
  ObservedAction,
  PolicyDocument,
  Recommendation,
} from "../../../core/engine/generate/types.js";
import type { PrincipalPermissions } from "../../../core/engine/policy/principal-permissions.js";
import { aggregateFiles } from "../../helpers/activity.js";
import { catalog, managedPolicies } from "../../helpers/catalog.js";
import { realData } from "../../helpers/paths.js";
import { ADMIN, doc, input, principal } from "../../helpers/policies.js";

const managed = managedPolicies();
const everything = catalog.fullSet();

function generate(
  current: PrincipalPermissions,
  observed: ObservedAction[],
  extra: Partial<GenerateInput> = {},
  options: Partial<GenerateOptions> = {},
) {
  return recommend(
    {
      catalog,
      principalArn: "arn:aws:iam::123456789012:role/app",
      principalName: "app",
      principalType: "role",
      current,
      observed,
      observable: everything,
      ...extra,
    },
    options,
  );
}

function ok(result: ReturnType<typeof generate>): Recommendation {
  assert.ok("recommendation" in result, `expected a recommendation, got ${JSON.stringify(result)}`);
  return result.recommendation;
}

/** action → sorted resources over all generated Allow statements. */
function grants(rec: Recommendation): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const { document } of rec.policies) {
    for (const s of document.Statement) {
      if (s.Effect !== "Allow") continue;
      for (const a of s.Action ?? [])
        for (const r of s.Resource ?? []) out.set(a, (out.get(a) ?? new Set()).add(r));
    }
  }
  return new Map([...out].map(([a, r]) => [a, [...r].sort()]));
}

const usageOf = (aggregate: ActivityAggregate) => [...aggregate.principals, ...aggregate.external];

describe("real activity", () => {
  test("the trailscraper log generates exactly its expected policy's actions and resources", () => {
    const log = "trailscraper-111111111111_CloudTrail_eu-central-1_20171211T1505Z";
    const observed = usageOf(aggregateFiles(realData("cloudtrail", `${log}.json`))).flatMap((p) =>
      observedFromUsage(p.actions),
    );
    const rec = ok(generate(principal([input("admin", ADMIN)]), observed));
    const expected = JSON.parse(
      readFileSync(realData("cloudtrail", `${log}.expected-policy.json`), "utf8"),
    ) as PolicyDocument;
    const want = new Map(
      expected.Statement.flatMap((s) =>
        (s.Action ?? []).map((a) => [a, [...(s.Resource ?? [])].sort()] as const),
      ),
    );
    // No trail shows a text sent straight to a phone number, which the admin's `*` allows: kept as granted.
    want.set("sns:Publish", ["*"]);
    assert.deepEqual(grants(rec), want);
  });

  const currents: Record<string, () => PrincipalPermissions> = {
    AdministratorAccess: () =>
      principal([input("AdministratorAccess", managed.AdministratorAccess!.PolicyVersion.Document)]),
    SecretsManagerReadWrite: () =>
      principal([input("SecretsManagerReadWrite", managed.SecretsManagerReadWrite!.PolicyVersion.Document)]),
    "resource-scoped inline": () =>
      principal([
        input(
          "inline",
          doc(
            {
              Effect: "Allow",
              Action: "secretsmanager:GetSecretValue",
              Resource: "arn:aws:secretsmanager:us-east-1:*:secret:*",
            },
            {
              Effect: "Allow",
              Action: ["ec2:StartInstances", "ec2:StopInstances", "ec2:ModifyInstanceAttribute"],
              Resource: "arn:aws:ec2:*:*:instance/*",
            },
          ),
        ),
      ]),
  };
  const corpora = {
    stratus: [
      "stratus-red-team/aws.credential-access.secretsmanager-retrieve-secrets.json",
      "stratus-red-team/aws.execution.ec2-user-data.json",
      "stratus-red-team/aws.exfiltration.ec2-share-ebs-snapshot.json",
      "stratus-red-team/aws.defense-evasion.cloudtrail-delete.json",
    ],
    panther: ["panther/panther-cloudtrail-records.json"],
  };
  for (const [corpus, files] of Object.entries(corpora)) {
    for (const [name, current] of Object.entries(currents)) {
      test(`${corpus} events under ${name}: every recommendation is proven, or refused with a reason`, () => {
        const aggregate = aggregateFiles(...files.map((f) => realData("cloudtrail", f)));
        let proven = 0;
        for (const p of aggregate.principals) {
          const result = generate(current(), observedFromUsage(p.actions), { principalArn: p.principal.id });
          if ("failure" in result) {
            assert.equal(
              result.failure.reason,
              "no observed action is allowed by the current policies",
              JSON.stringify(result.failure),
            );
            continue;
          }
          assert.deepEqual(result.recommendation.checks, { withinCurrent: true, coversObserved: true });
          proven++;
        }
        assert.ok(proven > 0, "at least one principal gets a proven recommendation");
      });
    }
  }
});

describe("proofs", () => {
  const current = principal([
    input(
      "inline",
      doc({
        Effect: "Allow",
        Action: ["s3:GetObject", "s3:PutObject"],
        Resource: "arn:aws:s3:::bucket/reports/*",
      }),
    ),
  ]);
  const observed = [
    { action: "s3:GetObject", count: 3, resources: ["arn:aws:s3:::bucket/reports/q1.csv"], unscopedCalls: 0 },
  ];

  test("the minimized policy keeps only what was observed, on the observed resource", () => {
    const rec = ok(generate(current, observed));
    assert.deepEqual(grants(rec), new Map([["s3:GetObject", ["arn:aws:s3:::bucket/reports/q1.csv"]]]));
    assert.equal(rec.removedActions.includes("s3:PutObject"), true);
  });

  test("widening a generated policy by one byte makes withinCurrent fail", () => {
    const rec = ok(generate(current, observed));
    const text = JSON.stringify(rec.policies[0]!.document);
    for (const [from, to] of [
      ['"s3:GetObject"', '"s3:GetObjec*"'],
      ["bucket/reports", "bucket*reports"],
    ] as const) {
      const widened = JSON.parse(text.replace(from, to)) as PolicyDocument;
      const proof = proveWithinCurrent(catalog, current, proposedPermissions(current, [widened]));
      assert.equal(proof.ok, false, `${from} → ${to} should not be provable`);
    }
    const same = proveWithinCurrent(catalog, current, proposedPermissions(current, [JSON.parse(text)]));
    assert.equal(same.ok, true);
  });

  test("an observed call the current policies do not allow is reported, never added", () => {
    const rec = ok(
      generate(current, [
        ...observed,
        {
          action: "s3:DeleteObject",
          count: 1,
          resources: ["arn:aws:s3:::bucket/reports/q1.csv"],
          unscopedCalls: 0,
        },
      ]),
    );
    assert.deepEqual(rec.notAllowed, [
      { action: "s3:DeleteObject", resource: "arn:aws:s3:::bucket/reports/q1.csv" },
    ]);
    assert.equal(grants(rec).has("s3:DeleteObject"), false);
  });
});

describe("conditions, denies and variables travel with the grant", () => {
  test("a condition restricting a kept action is carried over", () => {
    const vpc = { StringEquals: { "aws:SourceVpc": ["vpc-1234"] } };
    const current = principal([
      input("p", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: vpc })),
    ]);
    const rec = ok(
      generate(current, [
        { action: "s3:GetObject", count: 1, resources: ["arn:aws:s3:::b/k"], unscopedCalls: 0 },
      ]),
    );
    assert.deepEqual(rec.policies[0]!.document.Statement[0]!.Condition, vpc);
  });

  test("a current Deny touching a kept action is carried over", () => {
    const current = principal([
      input("admin", ADMIN),
      input("guard", doc({ Effect: "Deny", Action: "s3:*", Resource: "arn:aws:s3:::secret/*" })),
    ]);
    const rec = ok(
      generate(current, [
        {
          action: "s3:GetObject",
          count: 5,
          resources: Array.from({ length: 20 }, (_, i) => `arn:aws:s3:::data/k${i}`),
          unscopedCalls: 0,
        },
      ]),
    );
    const statements = rec.policies.flatMap((p) => p.document.Statement);
    assert.deepEqual(grants(rec).get("s3:GetObject"), ["arn:aws:s3:::data/*"]);
    assert.deepEqual(
      // Verbatim, so an action AWS adds later under s3:* stays denied too.
      statements.find((s) => s.Effect === "Deny"),
      { Sid: "KeepDeny1", Effect: "Deny", Action: ["s3:*"], Resource: ["arn:aws:s3:::secret/*"] },
    );
  });

  test("a current Deny touching no kept action is carried over: a resource policy may grant what it forbids", () => {
    // An artifacts bucket whose policy lets every principal of the organization read it needs no
    // identity Allow; this role's own Deny is what keeps it out, and no kept action touches it.
    const current = principal([
      input(
        "own",
        doc(
          { Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" },
          { Effect: "Deny", Action: "s3:*", Resource: ["arn:aws:s3:::payroll", "arn:aws:s3:::payroll/*"] },
          {
            Effect: "Deny",
            NotAction: ["iam:ChangePassword", "sts:GetSessionToken"],
            Resource: "*",
            Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
          },
        ),
      ),
    ]);
    const rec = ok(
      generate(current, [{ action: "ec2:DescribeInstances", count: 3, resources: [], unscopedCalls: 0 }]),
    );
    const denies = rec.policies.flatMap((p) => p.document.Statement).filter((s) => s.Effect === "Deny");
    assert.deepEqual(
      denies.map(({ Sid: _, ...s }) => s),
      [
        { Effect: "Deny", Action: ["s3:*"], Resource: ["arn:aws:s3:::payroll", "arn:aws:s3:::payroll/*"] },
        {
          Effect: "Deny",
          NotAction: ["iam:ChangePassword", "sts:GetSessionToken"],
          Resource: ["*"],
          Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } },
        },
      ],
    );
  });

  test("a grant through a policy variable keeps the variable, not a wider ARN", () => {
    const current = principal([
      input(
        "home",
        doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::home/${aws:username}/*" }),
      ),
    ]);
    const rec = ok(
      generate(current, [
        { action: "s3:GetObject", count: 2, resources: ["arn:aws:s3:::home/alice/a.txt"], unscopedCalls: 0 },
      ]),
    );
    assert.deepEqual(grants(rec).get("s3:GetObject"), ["arn:aws:s3:::home/${aws:username}/*"]);
  });
});

describe("unobservable actions", () => {
  const current = principal([
    input("p", doc({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "*" })),
  ]);
  const observable = catalog
    .fullSet()
    .minus(ActionSet.of(catalog.size, [catalog.action("s3:GetObject")!.id]));
  const observed = [{ action: "s3:ListBucket", count: 1, resources: ["arn:aws:s3:::b"], unscopedCalls: 0 }];

  const verdicts = (v: Record<string, ReturnType<LastAccessEvidence["verdict"]>>): LastAccessEvidence => ({
    verdict: (key) => v[key] ?? "unknown",
  });

  test("are kept by default, on the current scope, and listed for review", () => {
    const rec = ok(generate(current, observed, { observable }));
    assert.deepEqual(rec.unobservableActions, ["s3:GetObject"]);
    assert.deepEqual(rec.unobservableKept, ["s3:GetObject"]);
    assert.deepEqual(grants(rec).get("s3:GetObject"), ["*"]);
    assert.equal(rec.removedUnverified, 0);
  });

  test("keep-if-accessed keeps them without last-accessed data", () => {
    const rec = ok(generate(current, observed, { observable }, { unobservable: "keep-if-accessed" }));
    assert.deepEqual(rec.unobservableKept, ["s3:GetObject"]);
    assert.deepEqual(grants(rec).get("s3:GetObject"), ["*"]);
  });

  test("keep-if-accessed drops only what last-accessed data shows unused, a verified removal", () => {
    const lastAccess = verdicts({ "s3:GetObject": "unused" });
    const rec = ok(
      generate(current, observed, { observable, lastAccess }, { unobservable: "keep-if-accessed" }),
    );
    assert.deepEqual(rec.unobservableKept, []);
    assert.equal(grants(rec).has("s3:GetObject"), false);
    assert.equal(rec.removedUnverified, 0);
    assert.equal(rec.removedVerified, rec.removedCount);
  });

  test("keep-if-accessed keeps an action whose service alone is known to be used", () => {
    const lastAccess = verdicts({ "s3:GetObject": "accessed-service" });
    const rec = ok(
      generate(current, observed, { observable, lastAccess }, { unobservable: "keep-if-accessed" }),
    );
    assert.deepEqual(rec.unobservableKept, ["s3:GetObject"]);
  });

  test("dropping them is opt-in, and such removals are counted as unverified", () => {
    for (const unobservable of ["drop", "review"] as const) {
      const rec = ok(generate(current, observed, { observable }, { unobservable }));
      assert.deepEqual(rec.unobservableActions, ["s3:GetObject"]);
      assert.deepEqual(rec.unobservableKept, []);
      assert.equal(grants(rec).has("s3:GetObject"), false);
      assert.equal(rec.removedUnverified, 1);
      assert.equal(rec.removedVerified, rec.removedCount - 1);
      assert.match(rec.summary, /1 of the removals are not verified by the evidence/);
    }
  });
});

describe("permissions boundary", () => {
  test("the boundary's own grants are not mistaken for proposed grants in the proof", () => {
    const current = principal(
      [input("app", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/in/*" }))],
      {
        boundary: input(
          "boundary",
          doc({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::b/*" }),
        ),
      },
    );
    const rec = ok(
      generate(current, [
        { action: "s3:GetObject", count: 30, resources: ["arn:aws:s3:::b/in/1"], unscopedCalls: 29 },
      ]),
    );
    assert.deepEqual(grants(rec).get("s3:GetObject"), ["arn:aws:s3:::b/in/*"]);
    assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true });
  });
});

describe("inferred iam:PassRole", () => {
  test("is kept only on the roles the principal passed, and marked inferred", () => {
    const current = principal([
      input(
        "deployer",
        doc({ Effect: "Allow", Action: ["lambda:CreateFunction", "iam:PassRole"], Resource: "*" }),
      ),
    ]);
    const role = "arn:aws:iam::123456789012:role/app-runtime";
    const rec = ok(
      generate(current, [
        {
          action: "lambda:CreateFunction",
          count: 1,
          resources: ["arn:aws:lambda:us-east-1:123456789012:function:f"],
          unscopedCalls: 0,
        },
        { action: "iam:PassRole", count: 1, resources: [role], unscopedCalls: 0, inferred: true },
      ]),
    );
    assert.deepEqual(grants(rec).get("iam:PassRole"), [role]);
    assert.deepEqual(rec.inferredActions, ["iam:PassRole"]);
    assert.deepEqual(rec.observedActions, ["lambda:CreateFunction"]);
  });
});

describe("several conditional grants", () => {
  test("every covering conditional grant is kept, each with its own conditions", () => {
    const ip = { IpAddress: { "aws:SourceIp": ["10.0.0.0/8"] } };
    const vpc = { StringEquals: { "aws:SourceVpc": ["vpc-123"] } };
    const current = principal([
      input(
        "p",
        doc(
          { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: ip },
          { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: vpc },
        ),
      ),
    ]);
    const rec = ok(
      generate(current, [
        { action: "s3:GetObject", count: 4, resources: ["arn:aws:s3:::b/k"], unscopedCalls: 0 },
      ]),
    );
    const conditions = rec.policies.flatMap((p) => p.document.Statement.map((s) => s.Condition));
    assert.deepEqual(conditions, [ip, vpc]);
  });

  test("a single-character wildcard is not taken to cover a policy variable", () => {
    const mfa = { Bool: { "aws:MultiFactorAuthPresent": ["true"] } };
    const current = principal([
      input(
        "p",
        doc(
          { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/?" },
          {
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: "arn:aws:s3:::b/${aws:username}",
            Condition: mfa,
          },
        ),
      ),
    ]);
    const rec = ok(
      generate(current, [{ action: "s3:GetObject", count: 1, resources: [], unscopedCalls: 1 }]),
    );
    const variable = rec.policies
      .flatMap((p) => p.document.Statement)
      .find((s) => s.Resource?.includes("arn:aws:s3:::b/${aws:username}"));
    assert.deepEqual(variable?.Condition, mfa);
  });
});

describe("resources folded by the activity aggregate", () => {
  const current = principal([input("s3", doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }))]);

  test("a folded prefix pattern is kept when a current grant covers it", () => {
    const rec = ok(
      generate(current, [
        {
          action: "s3:GetObject",
          count: 5000,
          resources: ["arn:aws:s3:::uploads/user-content/*"],
          unscopedCalls: 0,
        },
      ]),
    );
    assert.deepEqual(grants(rec).get("s3:GetObject"), ["arn:aws:s3:::uploads/user-content/*"]);
  });

  test("a folded pattern wider than the current grant falls back to the grant itself", () => {
    const narrow = principal([
      input(
        "s3",
        doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::uploads/user-content/a*" }),
      ),
    ]);
    const rec = ok(
      generate(narrow, [
        {
          action: "s3:GetObject",
          count: 50,
          resources: ["arn:aws:s3:::uploads/user-content/*"],
          unscopedCalls: 0,
        },
      ]),
    );
    assert.deepEqual(grants(rec).get("s3:GetObject"), ["arn:aws:s3:::uploads/user-content/a*"]);
  });
});

describe("companion actions", () => {
  test("every companion names catalog actions", () => {
    assert.ok(Object.keys(COMPANION_ACTIONS).length > 0);
    for (const [action, companions] of Object.entries(COMPANION_ACTIONS)) {
      assert.ok(catalog.action(action), action);
      for (const c of companions) assert.ok(catalog.action(c), c);
    }
  });

  test("logs:PutLogEvents, which no trail records, stays with the log stream it writes to", () => {
    const lambdaLogs = principal([
      input(
        "AWSLambdaBasicExecutionRole",
        doc({
          Effect: "Allow",
          Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: "*",
        }),
      ),
    ]);
    const observable = catalog
      .fullSet()
      .minus(ActionSet.of(catalog.size, [catalog.action("logs:PutLogEvents")!.id]));
    const stream = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:log-stream:2026/11/01/abc";
    const rec = ok(
      generate(
        lambdaLogs,
        [{ action: "logs:CreateLogStream", count: 3, resources: [stream], unscopedCalls: 0 }],
        { observable },
      ),
    );
    assert.ok(grants(rec).has("logs:PutLogEvents"));
    assert.deepEqual(rec.inferredActions, ["logs:PutLogEvents"]);
    assert.equal(grants(rec).has("logs:CreateLogGroup"), false);
  });
});

test("combined last-accessed evidence calls an action unused only when every principal leaves it unused", () => {
  const of = (verdict: ReturnType<LastAccessEvidence["verdict"]>): LastAccessEvidence => ({
    verdict: () => verdict,
  });
  assert.equal(combinedEvidence([of("unused"), of("unused")]).verdict("s3:GetObject"), "unused");
  assert.equal(combinedEvidence([of("unused"), of("unknown")]).verdict("s3:GetObject"), "unknown");
  assert.equal(
    combinedEvidence([of("accessed-service"), of("unknown")]).verdict("s3:GetObject"),
    "accessed-service",
  );
  assert.equal(combinedEvidence([of("unused"), of("used")]).verdict("s3:GetObject"), "used");
  assert.equal(combinedEvidence([]).verdict("s3:GetObject"), "unknown");
});

test("the summary counts each risk class with the right plural", () => {
  const current = principal([
    input("p", doc({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutBucketPolicy"], Resource: "*" })),
  ]);
  const rec = ok(
    generate(
      current,
      [{ action: "s3:GetObject", count: 1, resources: ["arn:aws:s3:::b/k"], unscopedCalls: 0 }],
      {
        classify: (key) => (key === "s3:PutBucketPolicy" ? ["resource-exposure"] : []),
      },
    ),
  );
  assert.match(rec.summary, /\(1 resource-exposure action\)/);
});
