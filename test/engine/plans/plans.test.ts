import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AccountPermissions } from "../../../core/engine/account/permissions.js";
import { provePrincipal } from "../../../core/engine/plans/prove.js";
import { driftFrom, entityKey, type IamState } from "../../../core/engine/plans/state.js";
import type { Plan } from "../../../core/engine/report/schema.js";
import { inlineSource } from "../../../core/engine/snapshot/policies-of.js";
import { catalog } from "../../helpers/catalog.js";
import { arn, managed, planFor as plan, S3_ALL, used } from "../../helpers/plan-fixture.js";
import { group, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

function only(plans: Plan[], type: Plan["target"]["type"]): Plan {
  const found = plans.filter((p) => p.target.type === type);
  assert.equal(found.length, 1, JSON.stringify(plans.map((p) => p.target)));
  return found[0]!;
}

const statementsOf = (p: Plan) => p.create.flatMap((c) => c.document.Statement);
const actionsOf = (p: Plan) =>
  statementsOf(p)
    .flatMap((s) => s.Action)
    .sort();

describe("a group's plan", () => {
  const snapshot = snapshotWith({
    groups: [group("devs", { inlinePolicies: [{ name: "s3", document: S3_ALL }] })],
    users: [user("ann", { groups: ["devs"] }), user("ben", { groups: ["devs"] })],
  });

  test("is minimized from every member's use and proven for each member", () => {
    const { plans, failures } = plan(snapshot, {
      [arn("user", "ann")]: [used("s3:GetObject", "arn:aws:s3:::a/x")],
      [arn("user", "ben")]: [used("s3:PutObject", "arn:aws:s3:::b/y")],
    });
    assert.deepEqual(failures, []);
    const p = only(plans, "group");
    assert.deepEqual(actionsOf(p), ["s3:GetObject", "s3:PutObject"]);
    assert.deepEqual(p.deleteInline, ["s3"]);
    assert.deepEqual(p.attach, ["whittle-group-devs"]);
    assert.deepEqual(
      p.proofs.map((x) => x.principalArn),
      [arn("user", "ann"), arn("user", "ben")],
    );
    assert.ok(p.proofs.every((x) => x.withinCurrent && x.coversObserved));
    assert.deepEqual(p.principals, [arn("group", "devs"), arn("user", "ann"), arn("user", "ben")]);
    assert.deepEqual(p.before.principals[0]?.members, ["ann", "ben"]);
    assert.ok(p.removedCount > 2 * 100, "each member loses the rest of s3:*");
    assert.equal(p.riskRemoved, 2, "s3:PutBucketPolicy, once per member");
  });

  const guarded = snapshotWith({
    groups: [
      group("devs", {
        inlinePolicies: [
          {
            name: "s3",
            document: {
              Version: "2012-10-17",
              Statement: [
                { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
                { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" },
              ],
            },
          },
        ],
      }),
    ],
    users: [user("ann", { groups: ["devs"], inlinePolicies: [{ name: "own", document: S3_ALL }] })],
  });

  test("carries the group's Deny that guards a member's own Allow", () => {
    const { plans, failures } = plan(guarded, {
      [arn("user", "ann")]: [used("s3:GetObject", "arn:aws:s3:::a/x")],
    });
    assert.deepEqual(
      failures.filter((f) => f.targetArn === arn("group", "devs")),
      [],
    );
    const p = only(plans, "group");
    assert.ok(
      statementsOf(p).some((s) => s.Effect === "Deny" && s.Action?.includes("s3:DeleteBucket")),
      JSON.stringify(statementsOf(p)),
    );
  });

  test("a change removing the group's Deny while a member's own Allow remains is not proven", () => {
    const current = new AccountPermissions(catalog, guarded).of(arn("user", "ann"))!.permissions;
    const proof = provePrincipal({
      principalArn: arn("user", "ann"),
      current,
      removed: new Set([inlineSource(arn("group", "devs"), "s3")]),
      documents: [
        {
          Version: "2012-10-17",
          Statement: [{ Sid: "S3Allow1", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }],
        },
      ],
      calls: [],
    });
    assert.equal(proof.withinCurrent, false);
    assert.ok(
      proof.violations.some((v) => v.includes("s3:DeleteBucket") && v.includes("Deny")),
      proof.violations.join("\n"),
    );
  });
});

describe("a user's plan", () => {
  test("replaces only the user's own policies; its group's stay, and the proof counts them", () => {
    const snapshot = snapshotWith({
      groups: [group("devs", { attachedPolicyArns: [arn("policy", "shared")] })],
      users: [user("ann", { groups: ["devs"], attachedPolicyArns: [arn("policy", "mine")] })],
      managedPolicies: {
        [arn("policy", "mine")]: managed("mine", S3_ALL),
        [arn("policy", "shared")]: managed("shared", S3_ALL),
      },
    });
    const recommendation = {
      principalArn: arn("user", "ann"),
      policies: [
        {
          name: "whittle-ann",
          document: {
            Version: "2012-10-17" as const,
            Statement: [
              {
                Sid: "S3",
                Effect: "Allow" as const,
                Action: ["s3:GetObject"],
                Resource: ["arn:aws:s3:::a/x"],
              },
            ],
          },
        },
      ],
    };
    const { plans } = plan(snapshot, { [arn("user", "ann")]: [used("s3:GetObject", "arn:aws:s3:::a/x")] }, [
      recommendation,
    ]);
    const p = only(plans, "user");
    assert.deepEqual(p.detach, [arn("policy", "mine")]);
    assert.equal(p.removedCount, 0, "the group's copy of s3:* still applies: nothing is removed yet");
    assert.deepEqual(
      p.before.policies.map((b) => b.arn),
      [arn("policy", "mine")],
    );
  });

  const GET_X = {
    Version: "2012-10-17" as const,
    Statement: [
      { Sid: "S3", Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/x"] },
    ],
  };
  const withPolicies = (annPolicy: string, ...policies: ReturnType<typeof managed>[]) =>
    snapshotWith({
      users: [user("ann", { attachedPolicyArns: [arn("policy", annPolicy)] })],
      managedPolicies: Object.fromEntries(policies.map((p) => [p.arn, p])),
    });
  const annUses = { [arn("user", "ann")]: [used("s3:GetObject", "arn:aws:s3:::a/x")] };
  const recommend = (document: typeof GET_X) => [
    { principalArn: arn("user", "ann"), policies: [{ name: "whittle-user-ann", document }] },
  ];

  test("is none once applied: the user already holds the planned policy, by its name", () => {
    const snapshot = withPolicies("whittle-user-ann", managed("whittle-user-ann", GET_X));
    const { plans, failures } = plan(snapshot, annUses, recommend(GET_X));
    assert.deepEqual(plans, []);
    assert.deepEqual(failures, []);
  });

  test("is refused when a policy it creates is named as one the account has, whatever the case", () => {
    // The narrower recommendation of a later audit: apply could not create it beside the first one.
    const wider = { ...GET_X, Statement: [{ ...GET_X.Statement[0]!, Resource: ["arn:aws:s3:::a/*"] }] };
    for (const [own, other] of [
      ["whittle-user-ann", []],
      ["own", [managed("Whittle-User-Ann", S3_ALL)]],
    ] as const) {
      const snapshot = withPolicies(own, managed(own, own === "own" ? S3_ALL : wider), ...other);
      const { plans, failures } = plan(snapshot, annUses, recommend(GET_X));
      assert.deepEqual(plans, [], own);
      assert.equal(failures.length, 1, own);
      assert.match(failures[0]!.reason, /named as one the account already has/);
      assert.deepEqual(failures[0]!.violations, [arn("policy", own === "own" ? "Whittle-User-Ann" : own)]);
    }
  });

  test("an Identity Center role becomes a permission-set plan with Identity Center IaC", () => {
    const name = "AWSReservedSSO_ReadOnly_0123456789abcdef";
    const snapshot = snapshotWith({
      roles: [role(name, { inlinePolicies: [{ name: "all", document: S3_ALL }] })],
    });
    const document = {
      Version: "2012-10-17" as const,
      Statement: [
        { Sid: "S3", Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/x"] },
      ],
    };
    const rec = { principalArn: arn("role", name), policies: [{ name: `whittle-${name}`, document }] };
    const { plans } = plan(snapshot, { [arn("role", name)]: [used("s3:GetObject", "arn:aws:s3:::a/x")] }, [
      rec,
    ]);
    const p = only(plans, "permission-set");
    assert.match(p.iac.terraform, /aws_ssoadmin_permission_set_inline_policy/);
    assert.match(p.iac.terraform, /name {9}= "ReadOnly"/);
    const cfn = JSON.parse(p.iac.cloudformation);
    assert.equal(cfn.Resources.PermissionSet.Type, "AWS::SSO::PermissionSet");
    assert.deepEqual(cfn.Resources.PermissionSet.Properties.InlinePolicy, document);
    // The set reaches every account it is assigned to; the proof replayed one account's calls.
    const account = arn("role", name).split(":")[4];
    assert.match(
      p.iac.terraform,
      new RegExp(`\n# Permission set ReadOnly applies in every account .* ${account}\\b`),
    );
    assert.match(cfn.Description, new RegExp(`every account it is assigned to.* ${account}\\b`));
  });
});

describe("a shared customer managed policy's plan", () => {
  const shared = arn("policy", "shared");
  const snapshot = snapshotWith({
    roles: [role("app", { attachedPolicyArns: [shared] })],
    groups: [group("devs", { attachedPolicyArns: [shared] })],
    users: [user("ann", { groups: ["devs"] }), user("ben", { attachedPolicyArns: [shared] })],
    managedPolicies: { [shared]: managed("shared", S3_ALL) },
  });

  test("is one new default version covering every principal it reaches, proven for each", () => {
    const { plans } = plan(snapshot, {
      [arn("role", "app")]: [used("s3:GetObject", "arn:aws:s3:::a/x")],
      [arn("user", "ann")]: [used("s3:PutObject", "arn:aws:s3:::b/y")],
      [arn("user", "ben")]: [used("s3:ListBucket", "arn:aws:s3:::c")],
    });
    const p = only(plans, "policy");
    assert.deepEqual(
      p.create.map((c) => c.name),
      ["shared"],
    );
    assert.deepEqual(actionsOf(p), ["s3:GetObject", "s3:ListBucket", "s3:PutObject"]);
    assert.deepEqual(
      p.proofs.map((x) => x.principalArn),
      [arn("role", "app"), arn("user", "ann"), arn("user", "ben")],
    );
    assert.ok(p.checks.withinCurrent && p.checks.coversObserved);
    assert.deepEqual(p.before.policies[0]?.attachedTo, [
      arn("group", "devs"),
      arn("role", "app"),
      arn("user", "ben"),
    ]);
    assert.match(
      p.iac.terraform,
      /import \{\n {2}to = aws_iam_policy\.shared\n {2}id = "arn:aws:iam::111122223333:policy\/shared"/,
    );
  });

  test("is refused when the policy is also a principal's permissions boundary", () => {
    const bounded = snapshotWith({
      ...snapshot,
      roles: [
        role("app", { attachedPolicyArns: [shared] }),
        role("batch", { permissionsBoundaryArn: shared, inlinePolicies: [{ name: "s3", document: S3_ALL }] }),
      ],
    });
    const { plans, failures } = plan(bounded, {
      [arn("role", "app")]: [used("s3:GetObject", "arn:aws:s3:::a/x")],
      [arn("role", "batch")]: [used("s3:DeleteObject", "arn:aws:s3:::d/z")],
    });
    // The new version would hold s3:GetObject only: batch's boundary, and its DeleteObject, with it.
    assert.deepEqual(
      plans.filter((p) => p.target.type === "policy"),
      [],
    );
    const failure = failures.find((f) => f.targetArn === shared);
    assert.match(failure?.reason ?? "", /permissions boundary/);
    assert.deepEqual(failure?.violations, [arn("role", "batch")]);
  });

  test("a user joining a group that holds the policy since the audit is drift: the new version reaches them unproven", () => {
    const empty = snapshotWith({
      ...snapshot,
      groups: [...snapshot.groups, group("ops", { attachedPolicyArns: [shared] })],
    });
    const { plans } = plan(empty, {
      [arn("role", "app")]: [used("s3:GetObject", "arn:aws:s3:::a/x")],
      [arn("user", "ann")]: [used("s3:PutObject", "arn:aws:s3:::b/y")],
    });
    const p = only(plans, "policy");
    const live: IamState = {
      principals: p.before.kept!.principals.map(({ arn: _, ...state }) => state),
      policies: p.before.policies.map((b) => ({
        arn: b.arn,
        defaultVersionId: b.defaultVersionId,
        versions: [{ versionId: b.defaultVersionId, document: b.document }],
        attachedTo: b.attachedTo.map(entityKey),
      })),
    };
    assert.deepEqual(driftFrom(p.before, live), []);
    const devs = live.principals.find((q) => q.name === "devs")!;
    devs.members = ["ann", "zed"];
    assert.deepEqual(driftFrom(p.before, live), ["group devs members: zed added"]);
    devs.members = ["ann"];
    live.principals.find((q) => q.name === "ops")!.members = ["zed"];
    assert.deepEqual(driftFrom(p.before, live), ["group ops members: zed added"]);
  });

  test("plans are ordered by risk removed, riskiest first", () => {
    const { plans } = plan(snapshot, { [arn("role", "app")]: [used("s3:GetObject", "arn:aws:s3:::a/x")] });
    const risk = plans.map((p) => p.riskRemoved);
    assert.deepEqual(
      risk,
      [...risk].sort((a, b) => b - a),
    );
  });
});

describe("a plan's baseline of the policies it keeps", () => {
  const shared = arn("policy", "shared");
  const LOGS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "logs:*", Resource: "*" }] };
  // ann's own Deny of iam:* guards nothing her group allows at the audit, so her plan drops it: an
  // iam:* added to the group after the audit would then apply to her unopposed.
  const ownDeny = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: "s3:*", Resource: "*" },
      { Effect: "Deny", Action: "iam:*", Resource: "*" },
    ],
  };
  const snapshot = snapshotWith({
    groups: [
      group("devs", { attachedPolicyArns: [shared], inlinePolicies: [{ name: "logs", document: LOGS }] }),
      group("ops", { inlinePolicies: [{ name: "s3", document: S3_ALL }] }),
    ],
    users: [
      user("ann", { groups: ["devs"], inlinePolicies: [{ name: "own", document: ownDeny }] }),
      user("ben", { groups: ["devs", "ops"] }),
    ],
    managedPolicies: { [shared]: managed("shared", LOGS) },
  });
  const annRecommendation = {
    principalArn: arn("user", "ann"),
    policies: [
      {
        name: "whittle-ann",
        document: {
          Version: "2012-10-17" as const,
          Statement: [
            { Sid: "S3", Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/x"] },
          ],
        },
      },
    ],
  };
  const result = plan(
    snapshot,
    {
      [arn("user", "ann")]: [used("s3:GetObject", "arn:aws:s3:::a/x")],
      [arn("user", "ben")]: [
        used("logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s"),
      ],
    },
    [annRecommendation],
  );

  /** IAM as the audit saw every principal and policy a plan's baseline names. */
  function liveAsAudited(p: Plan): IamState {
    const kept = p.before.kept!;
    return {
      principals: [...p.before.principals, ...kept.principals].map(({ arn: _, ...state }) => state),
      policies: [
        ...p.before.policies.map((b) => ({
          arn: b.arn,
          defaultVersionId: b.defaultVersionId,
          versions: [{ versionId: b.defaultVersionId, document: b.document }],
          attachedTo: b.attachedTo.map(entityKey),
        })),
        ...kept.policies.map((b) => ({
          arn: b.arn,
          defaultVersionId: b.defaultVersionId,
          versions: [{ versionId: b.defaultVersionId, document: b.document }],
          attachedTo: ["user/someone-else"],
        })),
      ],
    };
  }

  test("a user's plan keeps its groups' policies, and a change to them since the audit is drift", () => {
    const p = only(result.plans, "user");
    assert.deepEqual(
      p.before.kept?.principals.map((k) => k.arn),
      [arn("group", "devs")],
    );
    assert.deepEqual(
      p.before.kept?.policies.map((k) => k.arn),
      [shared],
    );
    const live = liveAsAudited(p);
    assert.deepEqual(driftFrom(p.before, live), [], "who else holds a kept policy is no drift");
    const devs = live.principals.find((q) => q.name === "devs")!;
    devs.inline = [{ name: "logs", document: ADMIN_DOC }];
    assert.deepEqual(driftFrom(p.before, live), ["group devs inline policy logs has a different document"]);
    devs.inline = [{ name: "logs", document: LOGS }];
    devs.attached = [shared, "arn:aws:iam::aws:policy/IAMFullAccess"];
    assert.match(driftFrom(p.before, live).join("\n"), /group devs attached policies: .*IAMFullAccess added/);
    devs.attached = [shared];
    live.policies.find((q) => q.arn === shared)!.versions[0]!.document = ADMIN_DOC;
    assert.match(driftFrom(p.before, live).join("\n"), /shared: the default version's document differs/);
  });

  test("a group's plan keeps its members' own policies and other groups", () => {
    const p = only(result.plans, "group");
    assert.deepEqual(
      p.before.kept?.principals.map((k) => k.arn),
      [arn("group", "ops"), arn("user", "ann"), arn("user", "ben")],
    );
    const live = liveAsAudited(p);
    assert.deepEqual(driftFrom(p.before, live), []);
    live.principals.find((q) => q.name === "ann")!.inline = [];
    assert.deepEqual(driftFrom(p.before, live), ["user ann inline policies: own no longer there"]);
  });
});

const ADMIN_DOC = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
