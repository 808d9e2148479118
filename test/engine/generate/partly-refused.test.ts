import assert from "node:assert/strict";
import { test } from "node:test";
import { recommend } from "../../../core/engine/generate/recommend.js";
import type { ObservedAction, Recommendation } from "../../../core/engine/generate/types.js";
import { catalog } from "../../helpers/catalog.js";
import { doc, input, principal } from "../../helpers/policies.js";

const bucket = (name: string) => `arn:aws:s3:::${name}`;

// Today's policy grants PutBucketPolicy on two buckets, the second perhaps since the refusal.
const current = () =>
  principal([
    input(
      "inline",
      doc(
        { Effect: "Allow", Action: "s3:PutBucketPolicy", Resource: [bucket("data"), bucket("archive")] },
        { Effect: "Allow", Action: "s3:DeleteBucket", Resource: "*" },
      ),
    ),
  ]);

function kept(observed: ObservedAction): string[] {
  const result = recommend({
    catalog,
    principalArn: "arn:aws:iam::123456789012:role/app",
    principalName: "app",
    principalType: "role",
    current: current(),
    observed: [observed],
    observable: catalog.fullSet(),
  });
  assert.ok("recommendation" in result, JSON.stringify(result));
  const rec: Recommendation = result.recommendation;
  assert.deepEqual(rec.checks, { withinCurrent: true, coversObserved: true });
  assert.deepEqual(rec.removedActions, ["s3:DeleteBucket"]);
  return rec.policies
    .flatMap((p) => p.document.Statement)
    .filter((s) => s.Effect === "Allow" && s.Action?.includes("s3:PutBucketPolicy"))
    .flatMap((s) => s.Resource ?? [])
    .sort();
}

const putPolicy = (extra: Partial<ObservedAction>): ObservedAction => ({
  action: "s3:PutBucketPolicy",
  count: 3,
  resources: [bucket("data")],
  unscopedCalls: 0,
  ...extra,
});

test("an action allowed on some resources and refused on others keeps those today's policies grant", () => {
  assert.deepEqual(kept(putPolicy({})), [bucket("data")]);
  // archive: refused then, granted today; secret: refused then and now, never added.
  assert.deepEqual(kept(putPolicy({ refused: 2, refusedResources: [bucket("archive"), bucket("secret")] })), [
    bucket("archive"),
    bucket("data"),
  ]);
});

test("refused calls whose resource is not known keep the action where today's policies grant it", () => {
  assert.deepEqual(kept(putPolicy({ refused: 1, refusedUnscoped: 1 })), [bucket("archive"), bucket("data")]);
});
