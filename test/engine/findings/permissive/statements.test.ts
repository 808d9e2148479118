import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { catalog } from "../../../helpers/catalog.js";
import { doc } from "../../../helpers/policies.js";
import { group, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run } from "./fixture.js";

const withPolicies = (documents: Record<string, unknown>, extra: Parameters<typeof user>[1] = {}) => {
  const dev = user("dev", { attachedPolicyArns: Object.keys(documents).map(policyArn), ...extra });
  const managedPolicies = Object.assign({}, ...Object.entries(documents).map(([n, d]) => managed(n, d)));
  return { dev, findings: run(snapshotWith({ users: [dev], managedPolicies })) };
};

describe("admin-access", () => {
  test("Allow *:* is admin access, critical", () => {
    const { dev, findings } = withPolicies({ admin: doc({ Effect: "Allow", Action: "*", Resource: "*" }) });
    assert.equal(findingsOf(findings, "admin-access", dev.arn)[0]?.severity, "critical");
  });

  test("a Deny in another policy cancels Allow *:*", () => {
    const { findings } = withPolicies({
      admin: doc({ Effect: "Allow", Action: "*", Resource: "*" }),
      guard: doc({ Effect: "Deny", Action: "iam:*", Resource: "*" }),
    });
    assert.deepEqual(findingsOf(findings, "admin-access"), []);
  });

  test("a permissions boundary cancels Allow *:*", () => {
    const dev = user("dev", {
      attachedPolicyArns: [policyArn("admin")],
      permissionsBoundaryArn: policyArn("s3"),
    });
    const findings = run(
      snapshotWith({
        users: [dev],
        managedPolicies: {
          ...managed("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
          ...managed("s3", doc({ Effect: "Allow", Action: "s3:*", Resource: "*" })),
        },
      }),
    );
    assert.deepEqual(findingsOf(findings, "admin-access"), []);
  });

  test("Allow *:* under a condition is admin access, one severity lower", () => {
    const { findings } = withPolicies({
      admin: doc({
        Effect: "Allow",
        Action: "*",
        Resource: "*",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
      }),
    });
    assert.equal(findingsOf(findings, "admin-access")[0]?.severity, "high");
  });
});

describe("statement detectors", () => {
  test("service-wildcard names the pattern, and not once the service is denied", () => {
    const open = withPolicies({ s3: doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }) });
    assert.deepEqual(
      findingsOf(open.findings, "service-wildcard").map((f) => f.actions),
      [["s3:*"]],
    );
    const denied = withPolicies({
      s3: doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }),
      guard: doc({ Effect: "Deny", Action: "s3:*", Resource: "*" }),
    });
    assert.deepEqual(findingsOf(denied.findings, "service-wildcard"), []);
  });

  test("service-wildcard counts the service's actions each holder is still allowed", () => {
    const s3 = doc({ Effect: "Allow", Action: ["s3:*", "sqs:*"], Resource: "*" });
    const guard = doc({ Effect: "Deny", Action: ["s3:DeleteBucket", "s3:PutBucketPolicy"], Resource: "*" });
    const users = [
      user("open", { attachedPolicyArns: [policyArn("s3")] }),
      user("guarded", { attachedPolicyArns: [policyArn("s3"), policyArn("guard")] }),
    ];
    const findings = run(
      snapshotWith({ users, managedPolicies: { ...managed("s3", s3), ...managed("guard", guard) } }),
    );
    const service = catalog.service("s3")!;
    const counts = users.map((u) =>
      findingsOf(findings, "service-wildcard", u.arn).map((f) => [
        f.actions?.[0],
        f.evidence.effectivelyAllowed,
      ]),
    );
    const sqs = catalog.service("sqs")!;
    assert.deepEqual(counts, [
      [
        ["s3:*", service.end - service.first],
        ["sqs:*", sqs.end - sqs.first],
      ],
      [
        ["s3:*", service.end - service.first - 2],
        ["sqs:*", sqs.end - sqs.first],
      ],
    ]);
  });

  test("resource-wildcard flags scopable writes on *, never wildcard-only actions", () => {
    const { findings } = withPolicies({
      p: doc({
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:ListAllMyBuckets", "ec2:DescribeInstances"],
        Resource: "*",
      }),
    });
    assert.deepEqual(
      findingsOf(findings, "resource-wildcard").map((f) => f.actions),
      [["s3:PutObject"]],
    );
    const listOnly = withPolicies({ p: doc({ Effect: "Allow", Action: ["ec2:Describe*"], Resource: "*" }) });
    assert.deepEqual(findingsOf(listOnly.findings, "resource-wildcard"), []);
  });

  test("resource-wildcard: a statement shared by principals lists each one's own effective actions", () => {
    const shared = doc({ Effect: "Allow", Action: ["s3:PutObject", "iam:CreateUser"], Resource: "*" });
    const guard = doc({ Effect: "Deny", Action: "iam:CreateUser", Resource: "*" });
    const other = doc({ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" });
    const users = [
      user("open", { attachedPolicyArns: [policyArn("shared")] }),
      user("guarded", { attachedPolicyArns: [policyArn("shared"), policyArn("guard")] }),
      user("other", { attachedPolicyArns: [policyArn("other")] }),
    ];
    const managedPolicies = {
      ...managed("shared", shared),
      ...managed("guard", guard),
      ...managed("other", other),
    };
    const findings = run(snapshotWith({ users, managedPolicies }));
    assert.deepEqual(
      users.map((u) => findingsOf(findings, "resource-wildcard", u.arn).map((f) => f.actions)),
      [[["iam:CreateUser", "s3:PutObject"]], [["s3:PutObject"]], [["sqs:SendMessage"]]],
    );
  });

  test("not-action-allow and not-resource-allow point at the statement", () => {
    const { findings } = withPolicies({
      p: doc(
        { Effect: "Allow", NotAction: "iam:*", Resource: "*" },
        { Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" },
      ),
    });
    assert.deepEqual(
      findingsOf(findings, "not-action-allow").map((f) => [f.policyArn, f.statementIndex]),
      [[policyArn("p"), 0]],
    );
    assert.deepEqual(
      findingsOf(findings, "not-resource-allow").map((f) => f.statementIndex),
      [1],
    );
  });

  test("pass-role-wildcard: on every role, lower with a condition, silent on one named role", () => {
    const star = withPolicies({ p: doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }) });
    assert.equal(findingsOf(star.findings, "pass-role-wildcard")[0]?.severity, "medium");
    const conditioned = withPolicies({
      p: doc({
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: "*",
        Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
      }),
    });
    assert.equal(findingsOf(conditioned.findings, "pass-role-wildcard")[0]?.severity, "low");
    const one = withPolicies({
      p: doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::111122223333:role/x" }),
    });
    assert.deepEqual(findingsOf(one.findings, "pass-role-wildcard"), []);
  });

  test("inline-policy is reported on its owner only, not on the group's members", () => {
    const ops = group("ops", {
      inlinePolicies: [
        { name: "ops-inline", document: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }) },
      ],
    });
    const dev = user("dev", { groups: ["ops"] });
    const findings = run(snapshotWith({ users: [dev], groups: [ops] }));
    assert.deepEqual(
      findingsOf(findings, "inline-policy").map((f) => f.principalArn),
      [ops.arn],
    );
  });
});

describe("action classes", () => {
  test("data-exfiltration and credentials-exposure on every resource; a named bucket is not reported", () => {
    const { findings } = withPolicies({
      p: doc({
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue", "iam:CreateAccessKey"],
        Resource: "*",
      }),
    });
    assert.deepEqual(
      findingsOf(findings, "data-exfiltration").map((f) => f.actions),
      [["secretsmanager:GetSecretValue"]],
    );
    assert.deepEqual(
      findingsOf(findings, "credentials-exposure").map((f) => f.severity),
      ["high"],
    );
    const scoped = withPolicies({
      p: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }),
    });
    assert.deepEqual(findingsOf(scoped.findings, "data-exfiltration"), []);
  });

  test("resource-exposure and infrastructure-modification follow the effective permissions", () => {
    const { findings } = withPolicies({
      p: doc({
        Effect: "Allow",
        Action: ["s3:PutBucketPolicy", "s3:DeleteBucket", "ec2:TerminateInstances"],
        Resource: "*",
      }),
      guard: doc({ Effect: "Deny", Action: "ec2:*", Resource: "*" }),
    });
    assert.deepEqual(
      findingsOf(findings, "resource-exposure").map((f) => f.actions),
      [["s3:PutBucketPolicy"]],
    );
    assert.deepEqual(
      findingsOf(findings, "infrastructure-modification").map((f) => f.actions),
      [["s3:DeleteBucket"]],
    );
  });
});
