import assert from "node:assert/strict";
import { test } from "node:test";
import { recommend } from "../../../core/engine/generate/recommend.js";
import { catalog } from "../../helpers/catalog.js";
import { input, principal } from "../../helpers/policies.js";

const s3Get = catalog.keys(catalog.fullSet()).filter((k) => k.startsWith("s3:GetObject"));

/** The Action elements of a compressed recommendation for a role seen making every s3:GetObject* call. */
function compressedFor(...statements: object[]): string[] {
  const current = principal([input("today", { Version: "2012-10-17", Statement: statements })]);
  const result = recommend(
    {
      catalog,
      principalArn: "arn:aws:iam::123456789012:role/app",
      principalName: "app",
      principalType: "role",
      current,
      observed: s3Get.map((action) => ({ action, count: 1, resources: [], unscopedCalls: 1 })),
      observable: catalog.fullSet(),
    },
    // Only the compression of what was seen is asked: not sns:Publish, which a grant on `*` keeps
    // as it may be texting phone numbers no trail shows.
    { compress: true, unobservable: "drop" },
  );
  assert.ok("recommendation" in result, JSON.stringify(result));
  return result.recommendation.policies.flatMap((p) => p.document.Statement.flatMap((s) => s.Action ?? []));
}

const allow = (Action: string | string[], Resource = "*", extra: object = {}) => ({
  Effect: "Allow",
  Action,
  Resource,
  ...extra,
});

// The proofs count catalog actions; a wildcard also names APIs newer than the catalog, which a
// policy listing today's names one by one does not grant.
test("compression writes a wildcard only where today's policies grant all it names, later APIs included", () => {
  assert.deepEqual(
    compressedFor(allow(s3Get)).sort(),
    [...s3Get].sort(),
    "each name listed today stays listed",
  );
  assert.deepEqual(compressedFor(allow("s3:GetObject*")), ["s3:GetObject*"]);
  assert.deepEqual(compressedFor(allow("s3:*")), ["s3:GetObject*"]);
  assert.deepEqual(compressedFor({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }), ["s3:GetObject*"]);
  const sparesOne = { Effect: "Allow", NotAction: "s3:GetObjectAcl", Resource: "*" };
  // It names every later s3:GetObjectVersion... API, and not s3:GetObjectAcl, which s3:GetObject* names.
  const spared = compressedFor(sparesOne, allow("s3:GetObjectAcl"));
  assert.ok(spared.includes("s3:GetObjectVersion*") && !spared.includes("s3:GetObject*"), spared.join());
});

test("a wildcard granted today only under a condition, or on fewer resources, is not written", () => {
  const conditional = allow("s3:GetObject*", "*", { Condition: { Bool: { "aws:SecureTransport": "true" } } });
  assert.deepEqual(compressedFor(conditional, allow(s3Get)).sort(), [...s3Get].sort());
  assert.deepEqual(
    compressedFor(allow("s3:GetObject*", "arn:aws:s3:::data/*"), allow(s3Get)).sort(),
    [...s3Get].sort(),
  );
});
