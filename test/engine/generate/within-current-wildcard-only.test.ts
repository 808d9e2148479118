import assert from "node:assert/strict";
import { test } from "node:test";
import { proposedPermissions, proveWithinCurrent } from "../../../core/engine/generate/proof.js";
import type { PolicyDocument } from "../../../core/engine/generate/types.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc, input, principal } from "../../helpers/policies.js";

// s3:ListAllMyBuckets supports no resource-level permissions, yet AWS grants it on arn:aws:s3:::*
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/walkthrough1.html): a proposed grant
// written so is a grant, never one of nothing.
const everyBucket = (...Statement: object[]) => ({ Version: "2012-10-17", Statement }) as PolicyDocument;
const listing = {
  Sid: "List",
  Effect: "Allow",
  Action: ["s3:ListAllMyBuckets"],
  Resource: ["arn:aws:s3:::*"],
};
const prove = (current: ReturnType<typeof principal>, ...Statement: object[]) =>
  proveWithinCurrent(catalog, current, proposedPermissions(current, [everyBucket(...Statement)]));

test("withinCurrent refuses such a grant on arn:aws:s3:::* when today's policies grant the action nowhere", () => {
  const current = principal([
    input("objects", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" })),
  ]);
  assert.equal(prove(current, listing).ok, false);
});

test("withinCurrent keeps such a grant written as today's, or within today's grant on *", () => {
  const asWritten = principal([input("list", doc(listing))]);
  assert.deepEqual(prove(asWritten, listing).violations, []);
  assert.deepEqual(prove(principal([input("admin", ADMIN)]), listing).violations, []);
});

test("withinCurrent asks such a grant to carry today's Deny of the action", () => {
  const current = principal([
    input("admin", ADMIN),
    input("guard", doc({ Effect: "Deny", Action: "s3:ListAllMyBuckets", Resource: "arn:aws:s3:::b" })),
  ]);
  assert.equal(prove(current, listing).ok, false);
  const deny = { Sid: "Guard", Effect: "Deny", Action: "s3:ListAllMyBuckets", Resource: "arn:aws:s3:::b" };
  assert.deepEqual(prove(current, listing, deny).violations, []);
});
