import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

const devPolicy = (extra: object[] = []) =>
  doc(
    { Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "arn:aws:iam::111122223333:user/*" },
    { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::public/*" },
    ...extra,
  );
const dev = user("dev", { attachedPolicyArns: [policyArn("dev")] });
const finance = user("finance", { attachedPolicyArns: [policyArn("finance")] });
const escalationOf = (policies: Record<string, unknown>) => {
  const managedPolicies = Object.assign({}, ...Object.entries(policies).map(([n, d]) => managed(n, d)));
  return findingsOf(
    run(snapshotWith({ users: [dev, finance], managedPolicies })),
    "privilege-escalation",
    dev.arn,
  )[0];
};

describe("more privileged = can do something the source cannot (action, resource, condition)", () => {
  test("dev may create keys for users and read public/*; finance reads every object: dev can become finance", () => {
    const finding = escalationOf({
      dev: devPolicy(),
      finance: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
    });
    assert.deepEqual(pathIds(finding), ["iam-002"]);
    const steps = (finding!.evidence.paths as { steps: { targets: string[] }[] }[])[0]!.steps;
    assert.deepEqual(steps[0]!.targets, [finance.arn]);
  });

  test("a target allowed only what the source is allowed already is not more privileged", () => {
    const finding = escalationOf({
      dev: devPolicy(),
      finance: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::public/reports/*" }),
    });
    assert.equal(finding, undefined);
  });

  test("a target allowed without the condition the source needs is more privileged", () => {
    const finding = escalationOf({
      dev: doc(
        { Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "arn:aws:iam::111122223333:user/*" },
        {
          Effect: "Allow",
          Action: "s3:GetObject",
          Resource: "*",
          Condition: { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } },
        },
      ),
      finance: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
    });
    assert.deepEqual(pathIds(finding), ["iam-002"]);
  });
});

describe("administrators and evidence", () => {
  test("an administrator has admin-access, not a privilege-escalation beside it", () => {
    const admin = user("admin", { attachedPolicyArns: [policyArn("admin")] });
    const findings = run(
      snapshotWith({
        users: [admin, finance],
        managedPolicies: {
          ...managed("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
          ...managed("finance", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" })),
        },
      }),
    );
    assert.equal(findingsOf(findings, "admin-access", admin.arn).length, 1);
    assert.deepEqual(findingsOf(findings, "privilege-escalation", admin.arn), []);
  });

  test("evidence names real roles, and says what IAM data cannot list instead of inventing ARNs", () => {
    const runner = role("runner", {
      trustPolicy: trustDoc({ Service: "lambda.amazonaws.com" }),
      attachedPolicyArns: [policyArn("admin")],
    });
    const updater = user("updater", { attachedPolicyArns: [policyArn("update")] });
    const findings = run(
      snapshotWith({
        users: [updater],
        roles: [runner],
        managedPolicies: {
          ...managed("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
          ...managed("update", doc({ Effect: "Allow", Action: "lambda:UpdateFunctionCode", Resource: "*" })),
        },
      }),
    );
    const finding = findingsOf(findings, "privilege-escalation", updater.arn)[0];
    assert.ok(pathIds(finding).includes("lambda-003"));
    const text = JSON.stringify(finding?.evidence);
    assert.doesNotMatch(text, /:x:x:|whittle-new|whittle-probe/);
    const step = (
      finding!.evidence.paths as { id: string; steps: { targets: string[]; unlisted?: string }[] }[]
    ).find((p) => p.id === "lambda-003")!.steps[0]!;
    assert.deepEqual(step.targets, [runner.arn]);
    assert.match(step.unlisted ?? "", /cannot list/);
  });
});

describe("assuming a role of the account: its trust conditions evaluated for the caller", () => {
  const chainsOf = (condition: object) => {
    const admin = role("admin", {
      trustPolicy: trustDoc({ AWS: "arn:aws:iam::111122223333:root" }, condition),
      attachedPolicyArns: [policyArn("admin")],
    });
    const snapshot = snapshotWith({
      users: [dev],
      roles: [admin],
      managedPolicies: {
        ...managed("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
        ...managed("dev", doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: admin.arn })),
      },
    });
    const finding = findingsOf(run(snapshot), "privilege-escalation", dev.arn)[0];
    return (finding?.evidence.chains ?? []) as { certainty: string }[];
  };
  test("a condition naming another principal keeps the caller out", () => {
    assert.deepEqual(
      chainsOf({ ArnEquals: { "aws:PrincipalArn": "arn:aws:iam::111122223333:user/ops" } }),
      [],
    );
  });
  test("a condition naming the caller, or IfExists on a key a direct call lacks, lets it in for sure", () => {
    assert.equal(
      chainsOf({ ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:user/d*" } })[0]?.certainty,
      "yes",
    );
    assert.equal(
      chainsOf({ StringEqualsIfExists: { "aws:SourceAccount": "999999999999" } })[0]?.certainty,
      "yes",
    );
  });
  test("MFA the caller may not have keeps the chain, as uncertain", () => {
    assert.equal(chainsOf({ Bool: { "aws:MultiFactorAuthPresent": "true" } })[0]?.certainty, "maybe");
  });
});
