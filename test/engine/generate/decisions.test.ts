import assert from "node:assert/strict";
import { test } from "node:test";
import { evaluateUnqualified } from "../../../core/engine/generate/decisions.js";
import { doc, input, principal } from "../../helpers/policies.js";

const reader = (bucket: string) =>
  principal([
    input(
      `read-${bucket}`,
      doc({ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` }),
    ),
  ]);

test("remembered decisions answer each principal, action and resource on its own", () => {
  const a = reader("a");
  const b = reader("b");
  const requests: [ReturnType<typeof principal>, string, string][] = [
    [a, "s3:GetObject", "arn:aws:s3:::a/x"],
    [a, "s3:GetObject", "arn:aws:s3:::b/x"],
    [b, "s3:GetObject", "arn:aws:s3:::a/x"],
    [b, "s3:GetObject", "arn:aws:s3:::b/x"],
    [a, "s3:PutObject", "arn:aws:s3:::a/x"],
    [b, "s3:PutObject", "arn:aws:s3:::b/x"],
  ];
  const expected = ["Allow", "ImplicitDeny", "ImplicitDeny", "Allow", "ImplicitDeny", "ImplicitDeny"];
  for (let round = 0; round < 2; round++) {
    requests.forEach(([p, action, resource], i) => {
      assert.equal(evaluateUnqualified(p, action, resource).decision, expected[i], `${round} ${i}`);
      assert.deepEqual(evaluateUnqualified(p, action, resource), p.evaluate({ action, resource }));
    });
  }
});
