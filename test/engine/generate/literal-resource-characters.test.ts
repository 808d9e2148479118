import assert from "node:assert/strict";
import { test } from "node:test";
import { recommend } from "../../../core/engine/generate/recommend.js";
import { catalog } from "../../helpers/catalog.js";
import { doc, input, principal } from "../../helpers/policies.js";

const current = principal([
  input("inline", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" })),
]);

// An S3 key may hold `$`, `{` and `}`: written as it is into a 2012-10-17 policy, `${aws:username}`
// becomes a policy variable and the recorded call is no longer allowed, so nothing is recommended.
// IAM's escape `${$}` writes a literal `$`.
test("an observed object whose key holds ${...} is granted literally, and the recommendation is proven", () => {
  const resource = "arn:aws:s3:::b/home/${aws:username}/notes.txt";
  const result = recommend({
    catalog,
    principalArn: "arn:aws:iam::123456789012:role/app",
    principalName: "app",
    principalType: "role",
    current,
    observed: [
      {
        action: "s3:GetObject",
        count: 1,
        resources: [resource],
        unscopedCalls: 0,
        authorizations: [{ resource }],
      },
    ],
    observable: catalog.fullSet(),
  });
  assert.ok("recommendation" in result, JSON.stringify(result));
});

test("observed keys holding ${...}, folded into a prefix or not, are written with IAM's escape", () => {
  const folded = Array.from({ length: 30 }, (_, i) => `arn:aws:s3:::b/home/\${x}/k${i}`);
  for (const [resources, expected] of [
    [["arn:aws:s3:::b/home/${aws:username}/notes.txt"], "arn:aws:s3:::b/home/${$}{aws:username}/notes.txt"],
    [folded, "arn:aws:s3:::b/home/${$}{x}/*"],
    [["arn:aws:s3:::b/home/${x}/*"], "arn:aws:s3:::b/home/${$}{x}/*"],
  ] as const) {
    const result = recommend(
      {
        catalog,
        principalArn: "arn:aws:iam::123456789012:role/app",
        principalName: "app",
        principalType: "role",
        current,
        observed: [{ action: "s3:GetObject", count: 1, resources: [...resources], unscopedCalls: 0 }],
        observable: catalog.fullSet(),
      },
      { maxResourcesPerAction: 10 },
    );
    assert.ok("recommendation" in result, JSON.stringify(result));
    const written = result.recommendation.policies.flatMap((p) =>
      p.document.Statement.map((s) => s.Resource),
    );
    assert.deepEqual(written, [[expected]]);
  }
});

test("a current Resource holding an empty ${} grants nothing wider: the generated policy stays within b/d*", () => {
  // `${}` names no variable: the policy matches only an ARN that holds those three characters.
  const granted = principal([
    input("prefix", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/d*" })),
    input("empty", doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/${}" })),
  ]);
  assert.equal(
    granted.evaluate({ action: "s3:GetObject", resource: "arn:aws:s3:::b/other" }).decision,
    "ImplicitDeny",
  );
  const resources = Array.from({ length: 40 }, (_, i) => `arn:aws:s3:::b/d${i}/f${i}`);
  const result = recommend(
    {
      catalog,
      principalArn: "arn:aws:iam::123456789012:role/app",
      principalName: "app",
      principalType: "role",
      current: granted,
      observed: [{ action: "s3:GetObject", count: 40, resources, unscopedCalls: 0 }],
      observable: catalog.fullSet(),
    },
    { maxResourcesPerAction: 5 },
  );
  assert.ok("recommendation" in result, JSON.stringify(result));
  for (const policy of result.recommendation.policies)
    for (const statement of policy.document.Statement)
      for (const resource of statement.Resource ?? [])
        assert.ok(resource.startsWith("arn:aws:s3:::b/d"), `${resource} is wider than the current grant`);
});
