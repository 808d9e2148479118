import assert from "node:assert/strict";
import { test } from "node:test";
import { proposedPermissions, proveWithinCurrent } from "../../../core/engine/generate/proof.js";
import type { PolicyDocument } from "../../../core/engine/generate/types.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc, input, principal } from "../../helpers/policies.js";

// AWS grants s3:ListAllMyBuckets, which supports no resource-level permissions, on
// arn:aws:s3:::* (https://docs.aws.amazon.com/AmazonS3/latest/userguide/walkthrough1.html): a Deny
// written on that pattern denies it just the same.
const LIST_BUCKETS = "s3:ListAllMyBuckets";
const guarded = (Resource: string) =>
  principal([
    input("admin", ADMIN),
    input("guard", doc({ Effect: "Deny", Action: ["s3:ListAllMyBuckets", "s3:GetObject"], Resource })),
  ]);

test("a Deny on every bucket may deny an action without resource-level permissions: never Allow", () => {
  const p = guarded("arn:aws:s3:::*");
  assert.equal(p.evaluate({ action: LIST_BUCKETS, resource: "*" }).decision, "Conditional");
  const id = catalog.action(LIST_BUCKETS)!.id;
  assert.equal(p.effective().unconditional.has(id), false);
  assert.equal(p.effective().possible.has(id), true);
});

test("a Deny on one object leaves such an action as allowed as before", () => {
  const p = guarded("arn:aws:s3:::bucket/secret");
  assert.equal(p.evaluate({ action: LIST_BUCKETS, resource: "*" }).decision, "Allow");
  assert.equal(p.effective().unconditional.has(catalog.action(LIST_BUCKETS)!.id), true);
});

const proposal = (...Statement: object[]) => ({ Version: "2012-10-17", Statement }) as PolicyDocument;

test("withinCurrent refuses a grant of such an action that drops today's Deny on every bucket", () => {
  const current = guarded("arn:aws:s3:::*");
  const grant = { Effect: "Allow", Action: LIST_BUCKETS, Resource: "*" };
  const dropped = proposedPermissions(current, [proposal(grant)]);
  assert.equal(proveWithinCurrent(catalog, current, dropped).ok, false);
  const deny = { Effect: "Deny", Action: LIST_BUCKETS, Resource: "arn:aws:s3:::*" };
  const carried = proposedPermissions(current, [proposal(grant, deny)]);
  assert.deepEqual(proveWithinCurrent(catalog, current, carried).violations, []);
});
