import assert from "node:assert/strict";
import { test } from "node:test";
import { auditOf, listBucketsBy } from "../../helpers/audit-fixture.js";
import { group, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

// S3 object actions are not logged by default: kept on each of 150 bucket patterns, node-1's
// group policy needs several documents, named whittle-group-node-1-1, whittle-group-node-1-2...
const BUCKETS = Array.from({ length: 150 }, (_, i) => `arn:aws:s3:::bucket-with-a-rather-long-name-${i}/*`);
const inline = (Statement: object[]) => ({ name: "own", document: { Version: "2012-10-17", Statement } });

test("two groups' plans never create policies of one name, however their names end", async () => {
  const large = group("node-1", {
    inlinePolicies: [
      inline([
        { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: BUCKETS },
        { Effect: "Allow", Action: ["s3:ListAllMyBuckets", "s3:DeleteBucket"], Resource: "*" },
      ]),
    ],
  });
  const small = group("node-1-2", {
    inlinePolicies: [
      inline([{ Effect: "Allow", Action: ["s3:ListAllMyBuckets", "s3:DeleteBucket"], Resource: "*" }]),
    ],
  });
  const users = [user("a", { groups: ["node-1"] }), user("b", { groups: ["node-1-2"] })];
  const report = await auditOf(snapshotWith({ users, groups: [large, small] }), [
    listBucketsBy("a"),
    listBucketsBy("b"),
  ]);
  const created = (arn: string) =>
    report.plans.find((p) => p.target.arn === arn)?.create.map((c) => c.name.toLowerCase()) ?? [];
  assert.ok(created(large.arn).length > 1, "the large group's plan is split");
  assert.equal(created(small.arn).length, 1);
  assert.deepEqual(
    created(large.arn).filter((n) => created(small.arn).includes(n)),
    [],
  );
});
