import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { group, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

const ADMIN = doc({ Effect: "Allow", Action: "*", Resource: "*" });
const lambdaAdmin = role("lambda-admin", {
  trustPolicy: trustDoc({ Service: "lambda.amazonaws.com" }),
  attachedPolicyArns: [policyArn("admin")],
});
const lambdaPathDoc = doc({
  Effect: "Allow",
  Action: ["lambda:CreateFunction", "lambda:InvokeFunction"],
  Resource: "*",
});
const escalation = (snapshot: Parameters<typeof run>[0], arn: string) =>
  findingsOf(run(snapshot), "privilege-escalation", arn)[0];

/** User dev, allowed sts:AssumeRole on an admin role that trusts the account: the chains reported for dev. */
function chainsToAdmin({ condition, tags }: { condition?: object; tags?: { key: string; value: string }[] }) {
  const admin = role("admin", {
    trustPolicy: trustDoc({ AWS: "arn:aws:iam::111122223333:root" }, condition),
    attachedPolicyArns: [policyArn("admin")],
    ...(tags ? { tags } : {}),
  });
  const dev = user("dev", { attachedPolicyArns: [policyArn("assume")] });
  const snapshot = snapshotWith({
    users: [dev],
    roles: [admin],
    managedPolicies: {
      ...managed("admin", ADMIN),
      ...managed("assume", doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: admin.arn })),
    },
  });
  return { admin, chains: escalation(snapshot, dev.arn)?.evidence.chains };
}

describe("privilege-escalation", () => {
  test("a path split across two policies fires, naming the path", () => {
    const dev = user("dev", { attachedPolicyArns: [policyArn("lambda"), policyArn("pass")] });
    const snapshot = snapshotWith({
      users: [dev],
      roles: [lambdaAdmin],
      managedPolicies: {
        ...managed("admin", ADMIN),
        ...managed("lambda", lambdaPathDoc),
        ...managed("pass", doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" })),
      },
    });
    const finding = escalation(snapshot, dev.arn);
    assert.deepEqual(pathIds(finding), ["lambda-001"]);
    assert.equal(finding?.severity, "high");
    assert.match(finding!.title, /lambda-001/);
  });

  test("iam:PassRole limited to a harmless role is not a path", () => {
    const harmless = role("harmless", { trustPolicy: trustDoc({ Service: "lambda.amazonaws.com" }) });
    const dev = user("dev", { attachedPolicyArns: [policyArn("lambda")] });
    const snapshot = snapshotWith({
      users: [dev],
      roles: [lambdaAdmin, harmless],
      managedPolicies: {
        ...managed("admin", ADMIN),
        ...managed(
          "lambda",
          doc(
            { Effect: "Allow", Action: ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" },
            { Effect: "Allow", Action: "iam:PassRole", Resource: harmless.arn },
          ),
        ),
      },
    });
    assert.equal(escalation(snapshot, dev.arn), undefined);
  });

  test("a privileged role the service cannot assume is not a path", () => {
    const ec2Admin = role("ec2-admin", {
      trustPolicy: trustDoc({ Service: "ec2.amazonaws.com" }),
      attachedPolicyArns: [policyArn("admin")],
    });
    const dev = user("dev", { attachedPolicyArns: [policyArn("lambda"), policyArn("pass")] });
    const snapshot = snapshotWith({
      users: [dev],
      roles: [ec2Admin],
      managedPolicies: {
        ...managed("admin", ADMIN),
        ...managed("lambda", lambdaPathDoc),
        ...managed("pass", doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" })),
      },
    });
    assert.equal(escalation(snapshot, dev.arn), undefined);
  });

  test("a role EC2 may assume but no instance profile holds is a path for one who can make the profile", () => {
    const ec2Admin = role("ec2-admin", {
      trustPolicy: trustDoc({ Service: "ec2.amazonaws.com" }),
      attachedPolicyArns: [policyArn("admin")],
    });
    const actions = [
      "iam:PassRole",
      "ec2:RunInstances",
      "iam:CreateInstanceProfile",
      "iam:AddRoleToInstanceProfile",
    ];
    const dev = user("dev", { attachedPolicyArns: [policyArn("ec2")] });
    const snapshot = (granted: string[]) =>
      snapshotWith({
        users: [dev],
        roles: [ec2Admin],
        managedPolicies: {
          ...managed("admin", ADMIN),
          ...managed("ec2", doc({ Effect: "Allow", Action: granted, Resource: "*" })),
        },
      });
    assert.deepEqual(pathIds(escalation(snapshot(actions), dev.arn)), ["whittle-ec2-new-instance-profile"]);
    assert.equal(escalation(snapshot(actions.slice(0, 2)), dev.arn), undefined, "ec2-001 needs a profile");
  });

  test("a Deny in a separate policy cancels the path", () => {
    const dev = user("dev", { attachedPolicyArns: [policyArn("iam"), policyArn("guard")] });
    const snapshot = snapshotWith({
      users: [dev],
      managedPolicies: {
        ...managed("iam", doc({ Effect: "Allow", Action: "iam:PutUserPolicy", Resource: "*" })),
        ...managed("guard", doc({ Effect: "Deny", Action: "iam:Put*", Resource: "*" })),
      },
    });
    assert.equal(escalation(snapshot, dev.arn), undefined);
  });

  test("a permissions boundary without the action cancels the path", () => {
    const dev = user("dev", {
      attachedPolicyArns: [policyArn("iam")],
      permissionsBoundaryArn: policyArn("s3-only"),
    });
    const snapshot = snapshotWith({
      users: [dev],
      managedPolicies: {
        ...managed("iam", doc({ Effect: "Allow", Action: "iam:PutUserPolicy", Resource: "*" })),
        ...managed("s3-only", doc({ Effect: "Allow", Action: "s3:*", Resource: "*" })),
      },
    });
    assert.equal(escalation(snapshot, dev.arn), undefined);
  });

  test("an undecidable condition keeps the path, one severity lower", () => {
    const dev = user("dev", { attachedPolicyArns: [policyArn("iam")] });
    const snapshot = snapshotWith({
      users: [dev],
      managedPolicies: managed(
        "iam",
        doc({
          Effect: "Allow",
          Action: "iam:PutUserPolicy",
          Resource: "*",
          Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
        }),
      ),
    });
    const finding = escalation(snapshot, dev.arn);
    assert.deepEqual(pathIds(finding), ["iam-007"]);
    assert.equal(finding?.severity, "medium");
  });

  test("a path granted through a group is reported on the member and on the group", () => {
    const ops = group("ops", { attachedPolicyArns: [policyArn("iam")] });
    const dev = user("dev", { groups: ["ops"] });
    const snapshot = snapshotWith({
      users: [dev],
      groups: [ops],
      managedPolicies: managed(
        "iam",
        doc({ Effect: "Allow", Action: "iam:AttachUserPolicy", Resource: "*" }),
      ),
    });
    assert.deepEqual(pathIds(escalation(snapshot, dev.arn)), ["iam-008"]);
    assert.deepEqual(pathIds(escalation(snapshot, ops.arn)), ["iam-008"], "its members can escalate");
  });

  test("CreatePolicyVersion only on AWS managed policies (which no account can version) is not a path", () => {
    const dev = user("dev", { attachedPolicyArns: [policyArn("versions")] });
    const snapshot = snapshotWith({
      users: [dev],
      managedPolicies: managed(
        "versions",
        doc({
          Effect: "Allow",
          Action: "iam:CreatePolicyVersion",
          Resource: "arn:aws:iam::aws:policy/*",
        }),
      ),
    });
    assert.equal(escalation(snapshot, dev.arn), undefined);
  });

  test("transitive: a user who may assume an admin role has a path, with the chain as evidence", () => {
    const { admin, chains } = chainsToAdmin({});
    assert.deepEqual(chains, [
      { roles: [{ arn: admin.arn, via: "account", certainty: "yes" }], reaches: "admin", certainty: "yes" },
    ]);
  });

  test("transitive: an aws:ResourceAccount or aws:ResourceTag condition the role itself meets stops nobody", () => {
    for (const [condition, tags] of [
      [{ StringEquals: { "aws:ResourceAccount": "111122223333" } }, []],
      [{ StringEquals: { "aws:ResourceTag/tier": "ops" } }, [{ key: "tier", value: "ops" }]],
    ] as const) {
      const { admin, chains } = chainsToAdmin({ condition, tags: [...tags] });
      assert.deepEqual(chains, [
        { roles: [{ arn: admin.arn, via: "account", certainty: "yes" }], reaches: "admin", certainty: "yes" },
      ]);
    }
  });

  test("transitive: a Deny of the trust policy that names the caller, or that it cannot escape, stops the chain", () => {
    const trust = (deny: object, allowed: string[]) => ({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: allowed },
        { Effect: "Deny", Action: "sts:AssumeRole", ...deny },
      ],
    });
    const reaches = (deny: object, allowed = ["sts:AssumeRole"]) => {
      const admin = role("admin", {
        trustPolicy: trust(deny, allowed),
        attachedPolicyArns: [policyArn("admin")],
      });
      const dev = user("dev", {
        attachedPolicyArns: [policyArn("assume")],
        tags: [{ key: "team", value: "dev" }],
      });
      const snapshot = snapshotWith({
        users: [dev],
        roles: [admin],
        managedPolicies: {
          ...managed("admin", ADMIN),
          ...managed(
            "assume",
            doc({ Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: "*" }),
          ),
        },
      });
      return escalation(snapshot, dev.arn) !== undefined;
    };
    assert.equal(reaches({ Principal: { AWS: "arn:aws:iam::111122223333:user/dev" } }), false);
    assert.equal(
      reaches({ Principal: "*", Condition: { StringNotEquals: { "aws:PrincipalTag/team": "ops" } } }),
      false,
    );
    assert.equal(reaches({ Principal: { AWS: "arn:aws:iam::111122223333:user/someone-else" } }), true);
    // A session tag is the caller's to set where the trust allows sts:TagSession, so a Deny on its
    // absence stops nobody there; where it does not, no tag can be passed and the Deny stops all.
    const untagged = { Principal: "*", Condition: { Null: { "aws:RequestTag/ticket": "true" } } };
    assert.equal(reaches(untagged, ["sts:AssumeRole", "sts:TagSession"]), true);
    assert.equal(reaches(untagged), false);
  });

  test("transitive: trusting the account is not enough without sts:AssumeRole in the caller's policies", () => {
    const admin = role("admin", {
      trustPolicy: trustDoc({ AWS: "arn:aws:iam::111122223333:root" }),
      attachedPolicyArns: [policyArn("admin")],
    });
    const dev = user("dev");
    const snapshot = snapshotWith({ users: [dev], roles: [admin], managedPolicies: managed("admin", ADMIN) });
    assert.equal(escalation(snapshot, dev.arn), undefined);
  });

  test("transitive: a trust policy naming the caller needs no identity permission, and chains are followed", () => {
    const top = role("top", {
      trustPolicy: trustDoc({ AWS: "arn:aws:iam::111122223333:role/middle" }),
      attachedPolicyArns: [policyArn("admin")],
    });
    const middle = role("middle", { trustPolicy: trustDoc({ AWS: "arn:aws:iam::111122223333:user/dev" }) });
    const dev = user("dev");
    const snapshot = snapshotWith({
      users: [dev],
      roles: [top, middle],
      managedPolicies: managed("admin", ADMIN),
    });
    const chains = escalation(snapshot, dev.arn)?.evidence.chains as { roles: { arn: string }[] }[];
    assert.deepEqual(
      chains.map((c) => c.roles.map((r) => r.arn)),
      [[middle.arn, top.arn]],
    );
  });

  test("IAM is called in us-east-1: a region condition decides IAM paths, not hedges them", () => {
    const severity = (region: string) => {
      const dev = user("dev", { attachedPolicyArns: [policyArn("iam")] });
      const snapshot = snapshotWith({
        users: [dev],
        managedPolicies: managed(
          "iam",
          doc({
            Effect: "Allow",
            Action: "iam:PutUserPolicy",
            Resource: "*",
            Condition: { StringEquals: { "aws:RequestedRegion": region } },
          }),
        ),
      });
      return escalation(snapshot, dev.arn)?.severity;
    };
    assert.equal(severity("us-east-1"), "high");
    assert.equal(severity("eu-west-1"), undefined);
  });

  test("an Auto Scaling group, a state machine, a schedule, a Glue session or a Batch job runs as the role passed to it", () => {
    const taken = (service: string, actions: string[], profile = false) => {
      const target = role(`admin-${service}`, {
        trustPolicy: trustDoc({ Service: `${service}.amazonaws.com` }),
        attachedPolicyArns: [policyArn("admin")],
        ...(profile
          ? {
              instanceProfiles: [
                { name: "p", arn: "arn:aws:iam::111122223333:instance-profile/p", id: "AIPAP" },
              ],
            }
          : {}),
      });
      const dev = user("dev", { attachedPolicyArns: [policyArn("dev")] });
      const snapshot = snapshotWith({
        users: [dev],
        roles: [target],
        managedPolicies: {
          ...managed("admin", ADMIN),
          ...managed("dev", doc({ Effect: "Allow", Action: ["iam:PassRole", ...actions], Resource: "*" })),
        },
      });
      return pathIds(escalation(snapshot, dev.arn));
    };
    assert.deepEqual(
      taken("ec2", ["autoscaling:CreateLaunchConfiguration", "autoscaling:CreateAutoScalingGroup"], true),
      ["whittle-autoscaling-launch-configuration"],
    );
    assert.deepEqual(taken("states", ["states:CreateStateMachine", "states:StartExecution"]), [
      "whittle-states-sdk-integration",
    ]);
    assert.deepEqual(taken("scheduler", ["scheduler:CreateSchedule"]), [
      "whittle-scheduler-universal-target",
    ]);
    assert.deepEqual(taken("glue", ["glue:CreateSession", "glue:RunStatement"]), [
      "whittle-glue-interactive-session",
    ]);
    // A role trusting ECS tasks may also be the job role of a definition already registered.
    assert.deepEqual(taken("ecs-tasks", ["batch:RegisterJobDefinition", "batch:SubmitJob"]), [
      "whittle-batch-job-role",
      "batch-002",
    ]);
  });

  test("a user's own tags decide a grant conditioned on them", () => {
    const severity = (team: string) => {
      const dev = user("dev", {
        attachedPolicyArns: [policyArn("iam")],
        tags: [{ key: "team", value: team }],
      });
      const snapshot = snapshotWith({
        users: [dev],
        managedPolicies: managed(
          "iam",
          doc({
            Effect: "Allow",
            Action: "iam:PutUserPolicy",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalTag/team": "platform", "aws:PrincipalType": "User" } },
          }),
        ),
      });
      return escalation(snapshot, dev.arn)?.severity;
    };
    assert.equal(severity("platform"), "high");
    assert.equal(severity("web"), undefined);
  });

  test("escalation from a role anyone may assume is critical", () => {
    const open = role("open", {
      trustPolicy: trustDoc({ AWS: "*" }),
      attachedPolicyArns: [policyArn("iam")],
    });
    const snapshot = snapshotWith({
      roles: [open],
      managedPolicies: managed("iam", doc({ Effect: "Allow", Action: "iam:PutRolePolicy", Resource: "*" })),
    });
    assert.equal(escalation(snapshot, open.arn)?.severity, "critical");
  });
});

describe("an admin role whose trust names the caller", () => {
  /** A caller named in an admin role's trust policy, with no permissions of its own beyond s3. */
  function named(kind: "user" | "role", boundary: boolean) {
    const own = {
      attachedPolicyArns: [policyArn("s3")],
      ...(boundary ? { permissionsBoundaryArn: policyArn("s3") } : {}),
    };
    const caller = kind === "user" ? user("caller", own) : role("caller", own);
    const admin = role("admin", {
      trustPolicy: trustDoc({ AWS: caller.arn }),
      attachedPolicyArns: [policyArn("admin")],
    });
    const snapshot = snapshotWith({
      users: kind === "user" ? [user("caller", own)] : [],
      roles: kind === "user" ? [admin] : [role("caller", own), admin],
      managedPolicies: {
        ...managed("admin", ADMIN),
        ...managed("s3", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" })),
      },
    });
    return escalation(snapshot, caller.arn);
  }

  test("a trust naming a role is limited by the role's permissions boundary", () => {
    assert.ok(named("role", false), "no boundary: the trust alone lets it in");
    assert.equal(named("role", true), undefined, "its boundary does not allow sts:AssumeRole");
  });

  test("a trust naming a user is not limited by the user's boundary", () => {
    assert.ok(named("user", true));
  });
});
