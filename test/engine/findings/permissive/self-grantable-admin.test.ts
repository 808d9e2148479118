import assert from "node:assert/strict";
import { test } from "node:test";
import { ACCOUNT, group, ownPolicy, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run } from "./fixture.js";

const FULL = { Effect: "Allow", Action: "*", Resource: "*" };

/**
 * Managed policy `fence`: everything allowed but one bucket's deletion, and no new version of itself
 * (so only the removal a test grants lifts the Deny), then `extra`.
 */
const fencePolicy = (extra: object[]) =>
  managed("fence", {
    Version: "2012-10-17",
    Statement: [
      FULL,
      { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::backups" },
      { Effect: "Deny", Action: "iam:CreatePolicyVersion", Resource: policyArn("fence") },
      ...extra,
    ],
  });

/** The admin-access finding of a role holding `statements` inline, beside that of a role holding `*` on `*`. */
function adminBeside(statements: object[]) {
  const subject = role("subject", { ...ownPolicy(statements) });
  const full = role("full", { ...ownPolicy([FULL]) });
  const findings = run(snapshotWith({ roles: [subject, full] }));
  const [fullAdmin] = findingsOf(findings, "admin-access", full.arn);
  const [admin] = findingsOf(findings, "admin-access", subject.arn);
  assert.ok(fullAdmin && admin, "both are found to be administrators");
  assert.equal(fullAdmin.severity, "critical");
  return admin;
}

// An Allow of every action on every resource but one S3 bucket (NotResource) includes
// iam:PutRolePolicy on the role itself: it can write itself an inline "*" on "*" at any time, and
// an inline policy takes effect once written. Nothing stands between it and a full administrator.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
// ("Allow ... NotResource ... allows every action on every resource except the one listed")
test("every action on every resource but one bucket is reported as the administrator it can make itself", () => {
  const admin = adminBeside([{ Effect: "Allow", Action: "*", NotResource: "arn:aws:s3:::audit-logs" }]);
  assert.equal(admin.severity, "critical", `${admin.title} (${admin.detail})`);
  assert.match(admin.detail, /iam:PutRolePolicy/);
});

// aws:RequestedRegion is us-east-1 for every IAM call: IAM's single endpoint is in that region.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_deny-requested-region.html
// ("IAM ... [is a] global service with a single endpoint that is physically located in the us-east-1
// Region. Because all requests to these services are made to the us-east-1 Region ...")
test("every action limited to us-east-1 is reported as the administrator it can make itself through IAM", () => {
  const admin = adminBeside([
    { ...FULL, Condition: { StringEquals: { "aws:RequestedRegion": "us-east-1" } } },
  ]);
  assert.equal(admin.severity, "critical", `IAM calls are made in us-east-1: ${admin.detail}`);
});

test("every action limited to eu-west-1 stays a conditional administrator: IAM is not called there", () => {
  const admin = adminBeside([
    { ...FULL, Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } } },
  ]);
  assert.equal(admin.severity, "high");
});

test("every action only with MFA stays a conditional administrator: writing itself a policy needs MFA too", () => {
  const admin = adminBeside([{ ...FULL, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }]);
  assert.equal(admin.severity, "high");
});

test("every action on every resource but its own role stays a conditional administrator", () => {
  const admin = adminBeside([
    { Effect: "Allow", Action: "*", NotResource: `arn:aws:iam::${ACCOUNT}:role/subject` },
  ]);
  assert.equal(admin.severity, "high");
});

// Attaching AdministratorAccess leaves the Deny of its inline policy in force, and that policy is
// one it may neither rewrite nor delete.
test("a Deny that a policy of its own cannot lift keeps a self-granting administrator conditional", () => {
  const admin = adminBeside([
    { Effect: "Allow", Action: "*", NotResource: "arn:aws:s3:::audit-logs" },
    { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::backups" },
    {
      Effect: "Deny",
      Action: ["iam:PutRolePolicy", "iam:DeleteRolePolicy"],
      Resource: `arn:aws:iam::${ACCOUNT}:role/subject`,
    },
  ]);
  assert.equal(admin.severity, "high");
});

// PutRolePolicy "adds or updates an inline policy document": written under the name of the policy
// holding the Deny, `*` on `*` takes its place and the Deny is gone.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
test("every action beside a Deny in its own inline policy is the administrator it makes itself by rewriting that policy", () => {
  const admin = adminBeside([
    FULL,
    { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::backups" },
  ]);
  assert.equal(admin.severity, "critical", admin.detail);
  assert.deepEqual(admin.evidence.selfGrant, {
    action: "iam:PutRolePolicy",
    resource: `arn:aws:iam::${ACCOUNT}:role/subject`,
    removes: [`arn:aws:iam::${ACCOUNT}:role/subject#inline/own`],
  });
  assert.match(
    admin.detail,
    /replaced, deleted or detached arn:aws:iam::111122223333:role\/subject#inline\/own/,
  );
});

test("a Deny in a customer managed policy it may detach is lifted; one it may not detach keeps it conditional", () => {
  // The guard's own Deny of detaching it: its inline policy could be rewritten, the guard cannot
  // (nor given a new version).
  const severity = (extra: object[]) => {
    const guard = managed("guard", {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::backups" },
        { Effect: "Deny", Action: "iam:CreatePolicyVersion", Resource: policyArn("guard") },
        ...extra,
      ],
    });
    const subject = role("subject", { ...ownPolicy([FULL]), attachedPolicyArns: [policyArn("guard")] });
    const findings = run(snapshotWith({ roles: [subject], managedPolicies: guard }));
    return findingsOf(findings, "admin-access", subject.arn)[0]?.severity;
  };
  assert.equal(severity([]), "critical");
  assert.equal(
    severity([
      { Effect: "Deny", Action: "iam:DetachRolePolicy", Resource: `arn:aws:iam::${ACCOUNT}:role/subject` },
    ]),
    "high",
  );
});

// A boundary's Deny caps whatever it is given, until the boundary is deleted.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html
test("a Deny in its boundary is lifted only where it may delete that boundary", () => {
  const severity = (extra: object[]) => {
    const fence = fencePolicy(extra);
    const subject = role("subject", { ...ownPolicy([FULL]), permissionsBoundaryArn: policyArn("fence") });
    const findings = run(snapshotWith({ roles: [subject], managedPolicies: fence }));
    return findingsOf(findings, "admin-access", subject.arn)[0]?.severity;
  };
  assert.equal(severity([]), "critical");
  assert.equal(
    severity([
      {
        Effect: "Deny",
        Action: "iam:DeleteRolePermissionsBoundary",
        Resource: `arn:aws:iam::${ACCOUNT}:role/subject`,
      },
    ]),
    "high",
  );
});

// A user leaving a group leaves its policies behind, a Deny among them.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveUserFromGroup.html
test("a user whose Deny comes from a group it may leave is the administrator it makes itself", () => {
  const severity = (extra: object[]) => {
    const dev = user("dev", { groups: ["fenced"], ...ownPolicy([FULL]) });
    const fenced = group("fenced", {
      ...ownPolicy([
        { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::backups" },
        ...extra,
      ]),
    });
    const findings = run(snapshotWith({ users: [dev], groups: [fenced] }));
    return findingsOf(findings, "admin-access", dev.arn)[0]?.severity;
  };
  assert.equal(severity([]), "critical");
  const stay = {
    Effect: "Deny",
    Action: ["iam:RemoveUserFromGroup", "iam:PutGroupPolicy", "iam:DeleteGroupPolicy"],
    Resource: `arn:aws:iam::${ACCOUNT}:group/fenced`,
  };
  assert.equal(severity([stay]), "high");
});

// A group's policies apply to its members: a user that may put a policy on its group gives itself one.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutGroupPolicy.html
test("a user allowed everything but itself is the administrator it can make itself through its group", () => {
  const dev = user("dev", {
    groups: ["devs"],
    ...ownPolicy([{ Effect: "Allow", Action: "*", NotResource: `arn:aws:iam::${ACCOUNT}:user/dev` }]),
  });
  const findings = run(snapshotWith({ users: [dev], groups: [group("devs")] }));
  const [admin] = findingsOf(findings, "admin-access", dev.arn);
  assert.equal(admin?.severity, "critical", admin?.detail);
  assert.match(admin.detail, /iam:PutGroupPolicy on arn:aws:iam::111122223333:group\/devs/);
});

// An attach call names its policy, so a condition on iam:PolicyARN is met by the caller's choice.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PolicyARN
/** Everything on all but one bucket, inline writes only to another role, attaching under `condition`. */
const attachUnder = (condition: object) =>
  adminBeside([
    {
      Effect: "Allow",
      NotAction: ["iam:AttachRolePolicy", "iam:PutRolePolicy"],
      NotResource: "arn:aws:s3:::audit-logs",
    },
    { Effect: "Allow", Action: "iam:PutRolePolicy", Resource: `arn:aws:iam::${ACCOUNT}:role/other` },
    { Effect: "Allow", Action: "iam:AttachRolePolicy", Resource: "*", Condition: condition },
  ]);

test("every action on all but one bucket, attach allowed for any policy but IAMFullAccess, is the administrator it can make itself", () => {
  const admin = attachUnder({ ArnNotEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/IAMFullAccess" } });
  assert.equal(admin.severity, "critical", `${admin.title} (${admin.detail})`);
  assert.match(admin.detail, /iam:AttachRolePolicy/);
});

test("attach allowed only for ReadOnlyAccess leaves an administrator on all but one bucket conditional", () => {
  const admin = attachUnder({ ArnEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/ReadOnlyAccess" } });
  assert.equal(admin.severity, "high");
});

// One managed policy both attached and set as the boundary is two holds: detaching it leaves the
// boundary, and deleting the boundary leaves the attachment.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachRolePolicy.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html
test("a Deny in a policy that is both attached and its boundary is lifted only where it may take away both", () => {
  const severity = (kept: string[]) => {
    const fence = fencePolicy(
      kept.map((action) => ({
        Effect: "Deny",
        Action: action,
        Resource: `arn:aws:iam::${ACCOUNT}:role/subject`,
      })),
    );
    const subject = role("subject", {
      ...ownPolicy([FULL]),
      attachedPolicyArns: [policyArn("fence")],
      permissionsBoundaryArn: policyArn("fence"),
    });
    const findings = run(snapshotWith({ roles: [subject], managedPolicies: fence }));
    return findingsOf(findings, "admin-access", subject.arn)[0]?.severity;
  };
  assert.equal(severity([]), "critical");
  assert.equal(severity(["iam:DeleteRolePermissionsBoundary"]), "high");
  assert.equal(severity(["iam:DetachRolePolicy"]), "high");
});

// CreatePolicyVersion with SetAsDefault makes the new document the one in effect wherever the
// policy is used, attached or as a boundary, and needs no iam:SetDefaultPolicyVersion; a policy
// keeps at most five versions, so one that has five takes a new one only after DeletePolicyVersion.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html#version-limits
/** The severity of a role allowed `*` inline whose customer managed "guard" holds a Deny and is used as `uses` says. */
function rewrittenGuard(uses: ("attached" | "boundary")[], guardExtra: object[] = [], policy: object = {}) {
  const guard = managed("guard", {
    Version: "2012-10-17",
    Statement: [
      ...(uses.includes("boundary") ? [FULL] : []),
      { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::backups" },
      // Neither detached nor deleted as the boundary: only a new version takes its Deny away.
      {
        Effect: "Deny",
        Action: ["iam:DetachRolePolicy", "iam:DeleteRolePermissionsBoundary"],
        Resource: `arn:aws:iam::${ACCOUNT}:role/subject`,
      },
      ...guardExtra,
    ],
  });
  Object.assign(guard[policyArn("guard")]!, policy);
  const subject = role("subject", {
    ...ownPolicy([FULL]),
    ...(uses.includes("attached") ? { attachedPolicyArns: [policyArn("guard")] } : {}),
    ...(uses.includes("boundary") ? { permissionsBoundaryArn: policyArn("guard") } : {}),
  });
  const findings = run(snapshotWith({ roles: [subject], managedPolicies: guard }));
  return findingsOf(findings, "admin-access", subject.arn)[0];
}

test("a Deny in a customer managed policy it may give a new default version is lifted, attached or as its boundary", () => {
  for (const uses of [["attached"], ["boundary"], ["attached", "boundary"]] as const) {
    const admin = rewrittenGuard([...uses]);
    assert.equal(admin?.severity, "critical", `${uses.join(" and ")}: ${admin?.detail}`);
    assert.match(admin.detail, /replaced, deleted or detached arn:aws:iam::111122223333:policy\/guard/);
  }
});

test("a Deny in a policy it may not give a new version, or in an AWS managed one, keeps it conditional", () => {
  const noVersion = { Effect: "Deny", Action: "iam:CreatePolicyVersion", Resource: policyArn("guard") };
  assert.equal(rewrittenGuard(["attached"], [noVersion])?.severity, "high");
  assert.equal(rewrittenGuard(["boundary"], [noVersion])?.severity, "high");
  assert.equal(rewrittenGuard(["attached"], [], { isAwsManaged: true })?.severity, "high");
});

test("a policy with five versions takes a new one only where it may also delete a version", () => {
  const noDelete = { Effect: "Deny", Action: "iam:DeletePolicyVersion", Resource: policyArn("guard") };
  assert.equal(rewrittenGuard(["attached"], [noDelete], { versionCount: 5 })?.severity, "high");
  assert.equal(rewrittenGuard(["attached"], [], { versionCount: 5 })?.severity, "critical");
  assert.equal(rewrittenGuard(["attached"], [noDelete], { versionCount: 4 })?.severity, "critical");
});

test("every action but on its own role is the administrator it makes itself through a new version of a policy attached to it", () => {
  const severity = (extra: object[]) => {
    const mine = managed("mine", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }, ...extra],
    });
    const subject = role("subject", {
      ...ownPolicy([{ Effect: "Allow", Action: "*", NotResource: `arn:aws:iam::${ACCOUNT}:role/subject` }]),
      attachedPolicyArns: [policyArn("mine")],
    });
    const findings = run(snapshotWith({ roles: [subject], managedPolicies: mine }));
    return findingsOf(findings, "admin-access", subject.arn)[0];
  };
  const admin = severity([]);
  assert.equal(admin?.severity, "critical", admin?.detail);
  assert.deepEqual(admin.evidence.selfGrant, {
    action: "iam:CreatePolicyVersion",
    resource: policyArn("mine"),
  });
  assert.equal(
    severity([{ Effect: "Deny", Action: "iam:CreatePolicyVersion", Resource: policyArn("mine") }])?.severity,
    "high",
  );
});

// A group's managed policies are its members' own: a new default version of one attached to the
// user's group takes effect for the user as a policy attached to the user would.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
/** dev, allowed everything but on itself and its group beside `extra`; its group devs has "mine" attached. */
function throughGroup(notOn: string[], extra: object[] = [], groupPolicy: object[] = []) {
  const mine = managed("mine", {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
  });
  const dev = user("dev", {
    groups: ["devs"],
    ...ownPolicy([
      { Effect: "Allow", Action: "*", NotResource: notOn.map((n) => `arn:aws:iam::${ACCOUNT}:${n}`) },
      ...extra,
    ]),
  });
  const devs = group("devs", {
    attachedPolicyArns: [policyArn("mine")],
    ...(groupPolicy.length > 0 ? ownPolicy(groupPolicy) : {}),
  });
  const findings = run(snapshotWith({ users: [dev], groups: [devs], managedPolicies: mine }));
  return findingsOf(findings, "admin-access", dev.arn)[0];
}

test("a user allowed everything but on itself and its group is the administrator it makes itself through a new version of its group's policy", () => {
  const admin = throughGroup(["user/dev", "group/devs"]);
  assert.equal(admin?.severity, "critical", admin?.detail);
  assert.deepEqual(admin.evidence.selfGrant, {
    action: "iam:CreatePolicyVersion",
    resource: policyArn("mine"),
  });
  const noVersion = { Effect: "Deny", Action: "iam:CreatePolicyVersion", Resource: policyArn("mine") };
  assert.equal(throughGroup(["user/dev", "group/devs"], [noVersion])?.severity, "high");
});

test("a Deny of the group whose policy it rewrites is not lifted by leaving that group", () => {
  // Leaving devs would lift its Deny, and with it the new version written into devs' policy.
  const stay = {
    Effect: "Deny",
    Action: ["iam:PutGroupPolicy", "iam:AttachGroupPolicy", "iam:DeleteGroupPolicy"],
    Resource: `arn:aws:iam::${ACCOUNT}:group/devs`,
  };
  const fenced = { Effect: "Deny", Action: "s3:DeleteBucket", Resource: "arn:aws:s3:::backups" };
  assert.equal(throughGroup(["user/dev"], [stay], [fenced])?.severity, "high");
});
