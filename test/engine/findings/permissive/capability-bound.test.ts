import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, pathIds, policyArn, run, trustDoc } from "./fixture.js";

/**
 * Both principals may do every S3 action on the `shared*` buckets; only the other may also put
 * objects in `prod/`. s3:PutObject sits far past the first 64 of the S3 actions a comparison looks
 * at, so it is only found by looking further than the bound allows: the bound must leave the
 * comparison undecided (a conditional path), never decided as "not more privileged".
 */
const shared = { Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::shared*" };
const prodWrite = { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::prod/*" };
const keys = { Effect: "Allow", Action: "iam:CreateAccessKey", Resource: "arn:aws:iam::111122223333:user/*" };

describe("a privilege comparison its bound cuts short keeps the path, as conditional", () => {
  test("a role the caller may assume, allowed one action more past the bound, is a conditional chain", () => {
    const boss = user("boss", { attachedPolicyArns: [policyArn("admin")] });
    const app = role("app", {
      trustPolicy: trustDoc({ Service: "lambda.amazonaws.com" }),
      attachedPolicyArns: [policyArn("app")],
    });
    const data = role("data", {
      trustPolicy: trustDoc({ AWS: app.arn }),
      attachedPolicyArns: [policyArn("data")],
    });
    const findings = run(
      snapshotWith({
        users: [boss],
        roles: [app, data],
        managedPolicies: {
          ...managed("admin", doc({ Effect: "Allow", Action: "*", Resource: "*" })),
          ...managed(
            "app",
            doc(shared, keys, { Effect: "Allow", Action: "sts:AssumeRole", Resource: data.arn }),
          ),
          ...managed("data", doc(shared, keys, prodWrite)),
        },
      }),
    );
    const finding = findingsOf(findings, "privilege-escalation", app.arn)[0];
    const chains = (finding?.evidence.chains ?? []) as { roles: { arn: string }[]; certainty: string }[];
    const through = chains.filter((c) => c.roles.at(-1)?.arn === data.arn);
    assert.equal(through.length, 1);
    assert.equal(through[0]!.certainty, "maybe");
  });

  test("a user the caller may create keys for, allowed one action more past the bound, is a conditional target", () => {
    const dev = user("dev", { attachedPolicyArns: [policyArn("dev")] });
    const ops = user("ops", { attachedPolicyArns: [policyArn("ops")] });
    const findings = run(
      snapshotWith({
        users: [dev, ops],
        managedPolicies: {
          ...managed("dev", doc(shared, keys)),
          ...managed("ops", doc(shared, prodWrite)),
        },
      }),
    );
    const finding = findingsOf(findings, "privilege-escalation", dev.arn)[0];
    assert.deepEqual(pathIds(finding), ["iam-002"]);
    const path = (finding!.evidence.paths as { certainty: string; steps: { targets: string[] }[] }[])[0]!;
    assert.equal(path.certainty, "maybe");
    assert.deepEqual(path.steps[0]!.targets, [ops.arn]);
  });

  test("a caller whose boundary allows one action more past the bound keeps a conditional self-grant", () => {
    const put = {
      Effect: "Allow",
      Action: "iam:PutUserPolicy",
      Resource: "arn:aws:iam::111122223333:user/dev",
    };
    const dev = user("dev", {
      attachedPolicyArns: [policyArn("dev")],
      permissionsBoundaryArn: policyArn("fence"),
    });
    const findings = run(
      snapshotWith({
        users: [dev],
        managedPolicies: {
          ...managed("dev", doc(shared, put)),
          ...managed("fence", doc(shared, put, prodWrite)),
        },
      }),
    );
    const finding = findingsOf(findings, "privilege-escalation", dev.arn)[0];
    const paths = (finding?.evidence.paths ?? []) as { certainty: string }[];
    assert.ok(paths.length > 0);
    assert.ok(paths.every((p) => p.certainty === "maybe"));
  });

  test("the same users with nothing more past the bound are still not a path", () => {
    const dev = user("dev", { attachedPolicyArns: [policyArn("dev")] });
    const ops = user("ops", { attachedPolicyArns: [policyArn("ops")] });
    const findings = run(
      snapshotWith({
        users: [dev, ops],
        managedPolicies: {
          ...managed("dev", doc(shared, keys)),
          ...managed(
            "ops",
            doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::shared-logs/*" }),
          ),
        },
      }),
    );
    assert.deepEqual(findingsOf(findings, "privilege-escalation", dev.arn), []);
  });
});
