import assert from "node:assert/strict";
import { test } from "node:test";
import { appObserved, appRecommendation, appRecord } from "../../helpers/app-role.js";
import { catalog } from "../../helpers/catalog.js";
import { doc, input, principal } from "../../helpers/policies.js";

// S3's own walkthrough and AWS managed policies (CloudFrontFullAccess, AWSBackupFullAccess) grant
// s3:ListAllMyBuckets on arn:aws:s3:::*, not on `*`, and the call they allow succeeds.
const current = principal([
  input(
    "inline",
    doc(
      {
        Effect: "Allow",
        Action: ["s3:ListAllMyBuckets", "s3:GetBucketLocation"],
        Resource: "arn:aws:s3:::*",
      },
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
    ),
  ),
]);

test("a wildcard-only action seen allowed through a grant on an ARN pattern keeps that grant as written", () => {
  const recommendation = appRecommendation(
    current,
    appObserved(
      appRecord("s3", "ListBuckets", {}),
      appRecord("s3", "GetObject", { bucketName: "b", key: "k" }),
    ),
  );
  const kept = recommendation.policies
    .flatMap((p) => p.document.Statement)
    .filter((s) => s.Effect === "Allow" && s.Action?.includes("s3:ListAllMyBuckets"));
  assert.deepEqual(
    kept.map((s) => s.Resource),
    [["arn:aws:s3:::*"]],
  );
  assert.deepEqual(recommendation.notAllowed, []);
  assert.ok(recommendation.observedActions.includes("s3:ListAllMyBuckets"));
});

test("a wildcard-only action denied on * stays not allowed, whatever an Allow on an ARN pattern names", () => {
  const denied = principal([
    input(
      "inline",
      doc(
        { Effect: "Allow", Action: ["s3:ListAllMyBuckets", "s3:GetObject"], Resource: "arn:aws:s3:::*" },
        { Effect: "Deny", Action: "s3:ListAllMyBuckets", Resource: "*" },
      ),
    ),
  ]);
  const recommendation = appRecommendation(
    denied,
    appObserved(
      appRecord("s3", "ListBuckets", {}),
      appRecord("s3", "GetObject", { bucketName: "b", key: "k" }),
    ),
  );
  assert.deepEqual(recommendation.notAllowed, [{ action: "s3:ListAllMyBuckets", resource: "*" }]);
});

test("the kept wildcard-only grant is counted among the granted, and kept when its calls are only partly observable", () => {
  const records = [
    appRecord("s3", "ListBuckets", {}),
    appRecord("s3", "GetObject", { bucketName: "b", key: "k" }),
  ];
  const observable = catalog.emptySet();
  observable.add(catalog.action("s3:GetObject")!.id);
  for (const recommendation of [
    appRecommendation(current, appObserved(...records)),
    appRecommendation(current, appObserved(...records), observable),
  ]) {
    assert.match(recommendation.summary, /^keeps \d of 3 granted actions/);
    const actions = recommendation.policies.flatMap((p) =>
      p.document.Statement.flatMap((s) => s.Action ?? []),
    );
    assert.ok(actions.includes("s3:ListAllMyBuckets"), JSON.stringify(recommendation.policies));
  }
});
