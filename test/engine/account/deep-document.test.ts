import assert from "node:assert/strict";
import { test } from "node:test";
import { AccountPermissions } from "../../../core/engine/account/permissions.js";
import { UNWRITABLE_DOCUMENT } from "../../../core/engine/audit/principals.js";
import { auditOf, listBucketsBy } from "../../helpers/audit-fixture.js";
import { catalog } from "../../helpers/catalog.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";

/** `{"a": {"a": ... 1}}` deeper than the call stack: JSON.parse reads it, JSON.stringify does not. */
function deepObject(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const allow = (Action: string, extra: object = {}) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action, Resource: "*", ...extra }],
});

const dev = user("dev", {
  inlinePolicies: [
    { name: "list", document: allow("s3:ListAllMyBuckets") },
    { name: "deep", document: allow("s3:GetObject", { Sid: deepObject(200_000) }) },
  ],
});
const snapshot = snapshotWith({ users: [dev] });
const deepSource = `${dev.arn}#inline/deep`;

test("a principal's policy nested deeper than the stack is an unreadable policy of it, its others are read", () => {
  const access = new AccountPermissions(catalog, snapshot).of(dev.arn)!;
  assert.deepEqual(
    access.defects.map((d) => [d.source, d.problems.map((p) => p.code)]),
    [[deepSource, ["malformed-json"]]],
  );
  assert.deepEqual(
    access.permissions.policies.identity.map((p) => p.source),
    [`${dev.arn}#inline/list`],
  );
});

test("the audit of an account holding such a policy completes and is written; its principal gets no recommendation, and why", async () => {
  const report = await auditOf(snapshot, [listBucketsBy("dev")]);
  assert.deepEqual(report.recommendations, []);
  const unproven = report.findings.find((f) => f.kind === "recommendation-unproven");
  assert.equal(unproven?.principalArn, dev.arn);
  assert.deepEqual(unproven?.evidence.violations, [deepSource]);
  // The report is still written: the document stands as a note, not as its unwritable self.
  assert.equal(report.policies[deepSource], UNWRITABLE_DOCUMENT);
  assert.ok(JSON.stringify(report).length > 0);
});
