import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { makeContext } from "../../../core/engine/policy/context.js";
import { catalog, managedPolicies } from "../../helpers/catalog.js";
import { ADMIN, doc, input, principal } from "../../helpers/policies.js";

const OBJECT = "arn:aws:s3:::bucket/key";
const decide = (p: ReturnType<typeof principal>, action: string, resource = "*", context = makeContext()) =>
  p.evaluate({ action, resource, context }).decision;

describe("explicit deny", () => {
  test("a Deny in another policy cancels Allow *:*", () => {
    const p = principal([
      input("admin", ADMIN),
      input("guard", doc({ Effect: "Deny", Action: "iam:*", Resource: "*" })),
    ]);
    assert.equal(decide(p, "iam:CreateUser"), "ExplicitDeny");
    assert.equal(decide(p, "s3:GetObject", OBJECT), "Allow");
    const eff = p.effective();
    assert.equal(eff.possible.has(catalog.action("iam:CreateUser")!.id), false);
    assert.equal(eff.denied.has(catalog.action("iam:PassRole")!.id), true);
    assert.equal(eff.possible.count(), catalog.size - catalog.keys(eff.denied).length);
  });

  test("the evaluation names the statements that decided it", () => {
    const p = principal([
      input("admin", ADMIN),
      input("guard", doc({ Effect: "Deny", Action: "iam:*", Resource: "*" })),
    ]);
    const result = p.evaluate({ action: "iam:CreateUser", resource: "*" });
    assert.deepEqual(
      result.matched.map((m) => [m.source, m.effect, m.certainty]),
      [
        ["admin", "Allow", "yes"],
        ["guard", "Deny", "yes"],
      ],
    );
  });

  test("a conditional Deny makes an allowed request conditional, never allowed", () => {
    const p = principal([
      input("admin", ADMIN),
      input(
        "mfa",
        doc({
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
        }),
      ),
    ]);
    assert.equal(decide(p, "s3:GetObject", OBJECT), "Conditional");
    assert.equal(
      decide(p, "s3:GetObject", OBJECT, makeContext({ "aws:MultiFactorAuthPresent": "true" })),
      "Allow",
    );
    assert.equal(
      decide(p, "s3:GetObject", OBJECT, makeContext({ "aws:multifactorauthpresent": false })),
      "ExplicitDeny",
    );
    assert.equal(p.effective().unconditional.isEmpty(), true);
    assert.equal(p.effective().possible.count(), catalog.size);
  });
});

describe("permissions boundary", () => {
  test("a boundary limits AdministratorAccess to S3", () => {
    const administrator = managedPolicies().AdministratorAccess!.PolicyVersion.Document;
    const p = principal([input("arn:aws:iam::aws:policy/AdministratorAccess", administrator)], {
      boundary: input("boundary", doc({ Effect: "Allow", Action: "s3:*", Resource: "*" })),
    });
    assert.equal(decide(p, "s3:GetObject", OBJECT), "Allow");
    assert.equal(decide(p, "iam:CreateUser", "arn:aws:iam::123456789012:user/x"), "ImplicitDeny");
    const s3 = catalog.service("s3")!;
    assert.equal(p.effective().possible.count(), s3.end - s3.first);
    assert.deepEqual(
      new Set(catalog.keys(p.effective().possible).map((k) => k.split(":")[0])),
      new Set(["s3"]),
    );
  });

  test("a boundary alone grants nothing", () => {
    const p = principal([], { boundary: input("boundary", ADMIN) });
    assert.equal(decide(p, "s3:GetObject", OBJECT), "ImplicitDeny");
    assert.equal(p.effective().possible.isEmpty(), true);
  });
});

describe("SCPs", () => {
  test("every organization level must allow", () => {
    const p = principal([input("admin", ADMIN)], {
      scps: [
        [input("root-full", ADMIN)],
        [input("ou-s3-ec2", doc({ Effect: "Allow", Action: ["s3:*", "ec2:*"], Resource: "*" }))],
      ],
    });
    assert.equal(decide(p, "ec2:RunInstances", "*"), "Allow");
    assert.equal(decide(p, "iam:CreateUser", "*"), "ImplicitDeny");
    assert.equal(p.effective().possible.has(catalog.action("iam:CreateUser")!.id), false);
  });
});

describe("NotAction and NotResource", () => {
  test("Allow with NotAction grants everything but the named actions", () => {
    const p = principal([input("not-iam", doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }))]);
    assert.equal(decide(p, "iam:CreateUser", "*"), "ImplicitDeny");
    assert.equal(decide(p, "s3:GetObject", OBJECT), "Allow");
    const iam = catalog.service("iam")!;
    assert.equal(p.effective().possible.count(), catalog.size - (iam.end - iam.first));
  });

  test("Allow with NotResource grants every resource but the named ones", () => {
    const p = principal([
      input(
        "not-payroll",
        doc({ Effect: "Allow", Action: "s3:*", NotResource: ["arn:aws:s3:::hr/payroll/*"] }),
      ),
    ]);
    assert.equal(decide(p, "s3:GetObject", "arn:aws:s3:::hr/payroll/2026.csv"), "ImplicitDeny");
    assert.equal(decide(p, "s3:GetObject", "arn:aws:s3:::hr/handbook.pdf"), "Allow");
    const id = catalog.action("s3:GetObject")!.id;
    assert.equal(p.effective().resourceScoped.has(id), true);
    assert.equal(p.effective().unconditional.has(id), false);
  });

  test("Deny with NotResource denies everything but the named resources", () => {
    const p = principal([
      input("admin", ADMIN),
      input(
        "only-public",
        doc({ Effect: "Deny", Action: "s3:GetObject", NotResource: "arn:aws:s3:::public/*" }),
      ),
    ]);
    assert.equal(decide(p, "s3:GetObject", "arn:aws:s3:::private/x"), "ExplicitDeny");
    assert.equal(decide(p, "s3:GetObject", "arn:aws:s3:::public/x"), "Allow");
  });
});

describe("conditions", () => {
  const regional = principal([
    input(
      "eu-only",
      doc({
        Effect: "Allow",
        Action: "ec2:*",
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } },
      }),
    ),
  ]);

  test("a condition on a key the context lacks is conditional, not allowed and not denied", () => {
    assert.equal(decide(regional, "ec2:RunInstances"), "Conditional");
    const id = catalog.action("ec2:RunInstances")!.id;
    assert.equal(regional.effective().conditional.has(id), true);
    assert.equal(regional.effective().possible.has(id), true);
    assert.equal(regional.effective().unconditional.has(id), false);
  });

  test("a satisfied condition allows and an unsatisfied one does not", () => {
    assert.equal(
      decide(regional, "ec2:RunInstances", "*", makeContext({ "aws:RequestedRegion": "eu-central-1" })),
      "Allow",
    );
    assert.equal(
      decide(regional, "ec2:RunInstances", "*", makeContext({ "aws:RequestedRegion": "us-east-1" })),
      "ImplicitDeny",
    );
  });

  test("a key known to be absent fails positive operators and passes IfExists and negated ones", () => {
    const absent = makeContext({}, true);
    assert.equal(decide(regional, "ec2:RunInstances", "*", absent), "ImplicitDeny");
    const ifExists = principal([
      input(
        "p",
        doc({
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: "*",
          Condition: { StringEqualsIfExists: { "s3:prefix": "home/" } },
        }),
      ),
    ]);
    assert.equal(decide(ifExists, "s3:ListBucket", "*", absent), "Allow");
    const negated = principal([
      input(
        "p",
        doc({
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: "*",
          Condition: { StringNotEquals: { "s3:prefix": "secret/" } },
        }),
      ),
    ]);
    assert.equal(decide(negated, "s3:ListBucket", "*", absent), "Allow");
    assert.equal(
      decide(negated, "s3:ListBucket", "*", makeContext({ "s3:prefix": "secret/" })),
      "ImplicitDeny",
    );
  });

  test("ForAllValues and ForAnyValue compare every value of a multivalued key", () => {
    const tags = (set: string) =>
      principal([
        input(
          "p",
          doc({
            Effect: "Allow",
            Action: "ec2:CreateTags",
            Resource: "*",
            Condition: { [`${set}:StringEquals`]: { "aws:TagKeys": ["team", "env"] } },
          }),
        ),
      ]);
    const both = makeContext({ "aws:TagKeys": ["team", "owner"] });
    assert.equal(decide(tags("ForAllValues"), "ec2:CreateTags", "*", both), "ImplicitDeny");
    assert.equal(decide(tags("ForAnyValue"), "ec2:CreateTags", "*", both), "Allow");
    assert.equal(
      decide(tags("ForAllValues"), "ec2:CreateTags", "*", makeContext({ "aws:TagKeys": ["env"] })),
      "Allow",
    );
  });

  test("numeric, date, IP, ARN and Null operators", () => {
    const p = principal([
      input(
        "p",
        doc({
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "*",
          Condition: {
            NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
            DateGreaterThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" },
            IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"] },
            ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/app-*" },
            Null: { "aws:TokenIssueTime": "false" },
          },
        }),
      ),
    ]);
    const ok = {
      "aws:MultiFactorAuthAge": "60",
      "aws:CurrentTime": "2026-11-22T00:00:00Z",
      "aws:SourceIp": "2001:db8:1::5",
      "aws:PrincipalArn": "arn:aws:iam::123456789012:role/app-web",
      "aws:TokenIssueTime": "2026-11-22T00:00:00Z",
    };
    assert.equal(decide(p, "s3:GetObject", OBJECT, makeContext(ok)), "Allow");
    for (const [key, bad] of Object.entries({
      "aws:MultiFactorAuthAge": "7200",
      "aws:CurrentTime": "2025-06-01T00:00:00Z",
      "aws:SourceIp": "192.168.1.1",
      "aws:PrincipalArn": "arn:aws:iam::123456789012:user/app-web",
    })) {
      assert.equal(
        decide(p, "s3:GetObject", OBJECT, makeContext({ ...ok, [key]: bad })),
        "ImplicitDeny",
        key,
      );
    }
  });
});

describe("policy variables", () => {
  const home = principal([
    input(
      "home",
      doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::users/${aws:username}/*" }),
    ),
  ]);

  test("a variable resolved from the context scopes the resource", () => {
    const alice = makeContext({ "aws:username": "alice" });
    assert.equal(decide(home, "s3:GetObject", "arn:aws:s3:::users/alice/notes.txt", alice), "Allow");
    assert.equal(decide(home, "s3:GetObject", "arn:aws:s3:::users/bob/notes.txt", alice), "ImplicitDeny");
  });

  test("an unknown variable is bounded: maybe inside its pattern, no outside it", () => {
    assert.equal(decide(home, "s3:GetObject", "arn:aws:s3:::users/bob/notes.txt"), "Conditional");
    assert.equal(decide(home, "s3:GetObject", "arn:aws:s3:::other/bob/notes.txt"), "ImplicitDeny");
  });
});

describe("resource reach in effective permissions", () => {
  test("a resource-scoped statement grants only the actions its ARNs can name", () => {
    const p = principal([
      input("bucket", doc({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::data/*" })),
    ]);
    const eff = p.effective();
    assert.equal(eff.possible.has(catalog.action("s3:GetObject")!.id), true);
    assert.equal(
      eff.possible.has(catalog.action("s3:ListBucket")!.id),
      false,
      "bucket ARN needed, not object ARN",
    );
    assert.equal(eff.possible.has(catalog.action("s3:ListAllMyBuckets")!.id), false, "wildcard-only action");
    assert.equal(eff.resourceScoped.has(catalog.action("s3:GetObject")!.id), true);
  });
});

describe("input forms", () => {
  test("URL-encoded documents, as IAM returns them, parse and evaluate like plain ones", () => {
    const encoded = encodeURIComponent(
      JSON.stringify(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" })),
    );
    const p = principal([input("encoded", encoded)]);
    assert.equal(decide(p, "s3:GetObject", OBJECT), "Allow");
    assert.equal(decide(p, "s3:PutObject", OBJECT), "ImplicitDeny");
  });

  test("group policies reach a user when listed among its identity policies", () => {
    const p = principal([
      input(
        "arn:aws:iam::123456789012:user/alice#inline/own",
        doc({ Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" }),
      ),
      input(
        "arn:aws:iam::123456789012:policy/dev-group",
        doc({ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: "*" }),
      ),
    ]);
    assert.equal(
      decide(p, "lambda:InvokeFunction", "arn:aws:lambda:us-east-1:123456789012:function:f"),
      "Allow",
    );
  });

  test("an action the catalog does not know is matched against the raw patterns", () => {
    const p = principal([
      input("admin", ADMIN),
      input("deny", doc({ Effect: "Deny", Action: "newsvc:Delete*", Resource: "*" })),
    ]);
    assert.equal(decide(p, "newsvc:DescribeThing"), "Allow");
    assert.equal(decide(p, "newsvc:DeleteThing"), "ExplicitDeny");
  });
});

describe("review regressions", () => {
  test("policy variables are literal text in a policy without Version 2012-10-17", () => {
    const old = principal([
      input("old", {
        Statement: [
          { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/${aws:username}/*" },
        ],
      }),
    ]);
    const alice = makeContext({ "aws:username": "alice" });
    assert.equal(decide(old, "s3:GetObject", "arn:aws:s3:::b/alice/x", alice), "ImplicitDeny");
    assert.equal(decide(old, "s3:GetObject", "arn:aws:s3:::b/${aws:username}/x", alice), "Allow");
  });

  test("${*} and ${?} are literal characters, not wildcards", () => {
    const p = principal([
      input(
        "p",
        doc({
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::b/${*}",
          Condition: { StringLike: { "s3:prefix": "home/${?}" } },
        }),
      ),
    ]);
    const ok = makeContext({ "s3:prefix": "home/?" });
    assert.equal(decide(p, "s3:GetObject", "arn:aws:s3:::b/secret.txt", ok), "ImplicitDeny");
    assert.equal(decide(p, "s3:GetObject", "arn:aws:s3:::b/*", ok), "Allow");
    assert.equal(
      decide(p, "s3:GetObject", "arn:aws:s3:::b/*", makeContext({ "s3:prefix": "home/x" })),
      "ImplicitDeny",
    );
  });

  test("a user name with a wildcard character is matched literally when substituted", () => {
    const p = principal([
      input(
        "p",
        doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/${aws:username}/*" }),
      ),
    ]);
    assert.equal(
      decide(p, "s3:GetObject", "arn:aws:s3:::b/bob/x", makeContext({ "aws:username": "*" })),
      "ImplicitDeny",
    );
  });

  test("ArnLike compares each ARN component: * does not span colons", () => {
    const guard = principal([
      input("admin", ADMIN),
      input(
        "guard",
        doc({
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:*:role/breakglass" } },
        }),
      ),
    ]);
    const arn = makeContext({ "aws:PrincipalArn": "arn:aws:iam::123456789012:role/breakglass" });
    assert.equal(decide(guard, "s3:GetObject", OBJECT, arn), "ExplicitDeny");
    const right = principal([
      input(
        "p",
        doc({
          Effect: "Allow",
          Action: "*",
          Resource: "*",
          Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/app-*" } },
        }),
      ),
    ]);
    assert.equal(
      decide(
        right,
        "s3:GetObject",
        OBJECT,
        makeContext({ "aws:PrincipalArn": "arn:aws:iam::123456789012:role/app-web" }),
      ),
      "Allow",
    );
  });

  test("dates without an offset are UTC, whatever the host's time zone", () => {
    const p = principal([
      input(
        "p",
        doc({
          Effect: "Allow",
          Action: "*",
          Resource: "*",
          Condition: { DateLessThan: { "aws:CurrentTime": "2026-01-01T00:00:00" } },
        }),
      ),
    ]);
    assert.equal(
      decide(p, "s3:GetObject", OBJECT, makeContext({ "aws:CurrentTime": "2026-01-01T02:00:00Z" })),
      "ImplicitDeny",
    );
    assert.equal(
      decide(p, "s3:GetObject", OBJECT, makeContext({ "aws:CurrentTime": "2025-12-31T23:00:00Z" })),
      "Allow",
    );
  });

  test("malformed numbers and CIDRs never match", () => {
    const p = principal([
      input(
        "p",
        doc({
          Effect: "Allow",
          Action: "*",
          Resource: "*",
          Condition: {
            NumericLessThan: { "aws:MultiFactorAuthAge": "10" },
            IpAddress: { "aws:SourceIp": "10.0.0.0/" },
          },
        }),
      ),
    ]);
    assert.equal(
      decide(
        p,
        "s3:GetObject",
        OBJECT,
        makeContext({ "aws:MultiFactorAuthAge": "5", "aws:SourceIp": "192.168.0.1" }),
      ),
      "ImplicitDeny",
    );
    assert.equal(
      decide(
        p,
        "s3:GetObject",
        OBJECT,
        makeContext({ "aws:MultiFactorAuthAge": "0x5", "aws:SourceIp": "10.1.1.1" }),
      ),
      "ImplicitDeny",
    );
  });
});
