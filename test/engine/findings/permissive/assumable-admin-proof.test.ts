import assert from "node:assert/strict";
import { test } from "node:test";
import { ACCOUNT, ownPolicy, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run, trustDoc } from "./fixture.js";

const FULL = { Effect: "Allow", Action: "*", Resource: "*" };
const fromOffice = { IpAddress: { "aws:SourceIp": "10.0.0.0/8" } };

/** User dev, administrator only from the office network, beside role ops, a full administrator trusting the account. */
function officeAdmin(assume: object) {
  const ops = role("ops", {
    trustPolicy: trustDoc({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
    ...ownPolicy([FULL]),
  });
  const dev = user("dev", { ...ownPolicy([{ ...FULL, Condition: fromOffice }, assume]) });
  const [admin] = findingsOf(run(snapshotWith({ users: [dev], roles: [ops] })), "admin-access", dev.arn);
  assert.ok(admin, "dev is found to be an administrator");
  return admin;
}

// Assuming a role gives the session that role's permissions, none of the caller's conditions:
// an administrator only under a condition who may assume a full administrator from anywhere is one.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use.html
test("an administrator under a condition who can assume a full administrator without one is one in full", () => {
  const admin = officeAdmin({
    Effect: "Allow",
    Action: "sts:AssumeRole",
    Resource: `arn:aws:iam::${ACCOUNT}:role/ops`,
  });
  assert.equal(admin.severity, "critical", `${admin.title} (${admin.detail})`);
  assert.match(admin.detail, /ops/);
});

test("an administrator under a condition who can assume the full administrator only under it stays conditional", () => {
  const admin = officeAdmin({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::docs/*" });
  assert.equal(admin.severity, "high", `${admin.title} (${admin.detail})`);
});
