import assert from "node:assert/strict";
import { test } from "node:test";
import { appObserved, appRecommendation, appRecord } from "../../helpers/app-role.js";
import { catalog } from "../../helpers/catalog.js";
import { doc, input, principal } from "../../helpers/policies.js";

// CloudFrontFullAccess and S3's walkthrough grant s3:ListAllMyBuckets on arn:aws:s3:::*, which AWS
// honours. A trail that cannot show the call (read events not logged) shows nothing unused.
const current = principal([
  input(
    "inline",
    doc(
      { Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "arn:aws:s3:::*" },
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
    ),
  ),
]);
const readsObject = appObserved(appRecord("s3", "GetObject", { bucketName: "b", key: "k" }));
const listsBuckets = (r: ReturnType<typeof appRecommendation>) =>
  r.policies
    .flatMap((p) => p.document.Statement)
    .filter((s) => s.Effect === "Allow" && s.Action?.includes("s3:ListAllMyBuckets"))
    .map((s) => s.Resource);

test("a wildcard-only action granted on an ARN pattern that no trail can show is kept as written", () => {
  const observable = catalog.emptySet();
  observable.add(catalog.action("s3:GetObject")!.id);
  const recommendation = appRecommendation(current, readsObject, observable);
  assert.deepEqual(listsBuckets(recommendation), [["arn:aws:s3:::*"]]);
  assert.ok(recommendation.unobservableKept?.includes("s3:ListAllMyBuckets"));
});

test("the same action, which the trail would show, is not kept when it was never called", () => {
  const recommendation = appRecommendation(current, readsObject, catalog.fullSet());
  assert.deepEqual(listsBuckets(recommendation), []);
});
