import assert from "node:assert/strict";
import { test } from "node:test";
import { proposedPermissions, proveWithinCurrent } from "../../../core/engine/generate/proof.js";
import type { PolicyDocument } from "../../../core/engine/generate/types.js";
import { catalog } from "../../helpers/catalog.js";
import { doc, input, principal } from "../../helpers/policies.js";

// Today: s3:GetObject on every object but two prefixes, from a VPC endpoint.
const vpce = { StringEquals: { "aws:SourceVpce": ["vpce-1"] } };
const current = principal([
  input(
    "recent",
    doc({
      Effect: "Allow",
      Action: "s3:GetObject",
      NotResource: ["arn:aws:s3:::secret/*", "arn:aws:s3:::private/*"],
      Condition: vpce,
    }),
  ),
]);
const proposal = (
  NotResource: string[],
  Condition?: Record<string, Record<string, string[]>>,
): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "S3Allow1",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      NotResource,
      ...(Condition ? { Condition } : {}),
    },
  ],
});
const within = (document: PolicyDocument) =>
  proveWithinCurrent(catalog, current, proposedPermissions(current, [document]));

test("a NotResource Allow leaving out what today's does, or more, under its conditions, is within current", () => {
  assert.deepEqual(
    within(proposal(["arn:aws:s3:::private/*", "arn:aws:s3:::secret/*"], vpce)).violations,
    [],
  );
  assert.deepEqual(within(proposal(["arn:aws:s3:::*/*"], vpce)).violations, []);
});

test("a NotResource Allow leaving out less than today's, or without its conditions, is not", () => {
  assert.equal(within(proposal(["arn:aws:s3:::secret/*"], vpce)).ok, false);
  assert.equal(within(proposal(["arn:aws:s3:::private/*", "arn:aws:s3:::secret/*"])).ok, false);
});

test("a NotAction Allow still cannot be proven narrow", () => {
  const notAction: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Sid: "A", Effect: "Allow", NotAction: ["s3:PutObject"], Resource: ["arn:aws:s3:::x/*"] }],
  };
  assert.equal(within(notAction).ok, false);
});
