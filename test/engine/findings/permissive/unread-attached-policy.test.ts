import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { group, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, managed, policyArn, run } from "./fixture.js";

/**
 * An attached managed policy the snapshot holds no document for (a GAAD taken with `--filter
 * LocalManagedPolicy` leaves out every AWS managed policy) may grant anything, AdministratorAccess
 * included: its principal is a conditional administrator, never none.
 */
const ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess";
const S3 = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });

describe("an attached managed policy the snapshot has no document for", () => {
  test("its role or user is a conditional administrator whose finding names the unread policy", () => {
    const app = role("app", { attachedPolicyArns: [ADMIN_ARN] });
    const dev = user("dev", { attachedPolicyArns: [policyArn("reader"), ADMIN_ARN] });
    const findings = run(
      snapshotWith({ users: [dev], roles: [app], managedPolicies: managed("reader", S3) }),
    );
    for (const arn of [app.arn, dev.arn]) {
      const [admin] = findingsOf(findings, "admin-access", arn);
      assert.equal(admin?.evidence.level, "conditional", arn);
      assert.equal(admin?.severity, "high", arn);
      assert.deepEqual(admin?.evidence.unreadPolicies, [ADMIN_ARN], arn);
      assert.match(admin!.detail, /no document in the snapshot/, arn);
      assert.ok(admin!.detail.includes(ADMIN_ARN), arn);
    }
  });

  test("a user is one through its group's unread policy", () => {
    const ops = group("ops", { attachedPolicyArns: [ADMIN_ARN] });
    const dev = user("dev", { groups: ["ops"] });
    const findings = run(snapshotWith({ users: [dev], groups: [ops] }));
    assert.equal(findingsOf(findings, "admin-access", dev.arn)[0]?.evidence.level, "conditional");
  });

  test("a boundary the snapshot holds still caps what the unread policy could grant", () => {
    const app = role("app", { attachedPolicyArns: [ADMIN_ARN], permissionsBoundaryArn: policyArn("fence") });
    const findings = run(snapshotWith({ roles: [app], managedPolicies: managed("fence", S3) }));
    assert.deepEqual(findingsOf(findings, "admin-access", app.arn), []);
  });

  test("the paths its read policies certainly give stay reported beside it", () => {
    const own = doc({ Effect: "Allow", Action: "iam:PutUserPolicy", Resource: "*" });
    const dev = user("dev", { attachedPolicyArns: [policyArn("own"), ADMIN_ARN] });
    const findings = run(snapshotWith({ users: [dev], managedPolicies: managed("own", own) }));
    assert.equal(findingsOf(findings, "admin-access", dev.arn)[0]?.evidence.level, "conditional");
    assert.equal(findingsOf(findings, "privilege-escalation", dev.arn)[0]?.severity, "high");
  });

  test("a role it may assume is a maybe-administrator to reach", () => {
    const app = role("app", {
      attachedPolicyArns: [ADMIN_ARN],
      trustPolicy: doc({
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::111122223333:user/dev` },
        Action: "sts:AssumeRole",
      }),
    });
    const own = doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: app.arn });
    const dev = user("dev", { attachedPolicyArns: [policyArn("own")] });
    const findings = run(snapshotWith({ users: [dev], roles: [app], managedPolicies: managed("own", own) }));
    const [finding] = findingsOf(findings, "privilege-escalation", dev.arn);
    const chains = finding?.evidence.chains as { reaches: unknown }[] | undefined;
    assert.deepEqual(
      chains?.map((c) => c.reaches),
      ["admin"],
    );
  });

  test("a principal whose policies are all read is graded as before", () => {
    const app = role("app", { attachedPolicyArns: [policyArn("reader")] });
    const findings = run(snapshotWith({ roles: [app], managedPolicies: managed("reader", S3) }));
    assert.deepEqual(findingsOf(findings, "admin-access", app.arn), []);
  });
});
