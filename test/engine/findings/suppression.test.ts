import assert from "node:assert/strict";
import { test } from "node:test";
import { applyExclusions, exclusionsSchema } from "../../../core/engine/findings/suppression.js";
import { role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import { run } from "./permissive/fixture.js";

const inline = {
  name: "p",
  document: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
  },
};
const breakGlass = role("break-glass", {
  tags: [{ key: "owner", value: "security" }],
  inlinePolicies: [inline],
});
const dev = user("dev", { inlinePolicies: [inline] });
const snapshot = snapshotWith({ users: [dev], roles: [breakGlass] });

test("a matching rule marks findings suppressed with its reason; nothing is removed", () => {
  const findings = run(snapshot);
  const exclusions = exclusionsSchema.parse({
    exclusions: [
      { name: "break-glass", reason: "reviewed quarterly", principals: ["arn:aws:iam::*:role/break-*"] },
    ],
  });
  const result = applyExclusions(findings, snapshot, exclusions);
  assert.equal(result.length, findings.length);
  const suppressed = result.filter((f) => f.suppressed);
  assert.ok(suppressed.length > 0);
  for (const f of suppressed) {
    assert.equal(f.principalArn, breakGlass.arn);
    assert.deepEqual(f.suppressed, { reason: "reviewed quarterly", rule: "break-glass" });
  }
  assert.ok(result.some((f) => f.principalArn === dev.arn && !f.suppressed));
});

test("rules match by tag and by kind, every given criterion together", () => {
  const exclusions = exclusionsSchema.parse({
    exclusions: [
      {
        name: "security-inline",
        reason: "owned by security",
        tags: { owner: "security" },
        kinds: ["inline-policy"],
      },
    ],
  });
  const result = applyExclusions(run(snapshot), snapshot, exclusions);
  assert.deepEqual(
    result.filter((f) => f.suppressed).map((f) => [f.kind, f.principalArn]),
    [["inline-policy", breakGlass.arn]],
  );
});

test("the config is validated: a reason is required, unknown kinds and empty rules are rejected", () => {
  assert.equal(
    exclusionsSchema.safeParse({ exclusions: [{ name: "x", kinds: ["inline-policy"] }] }).success,
    false,
  );
  assert.equal(
    exclusionsSchema.safeParse({ exclusions: [{ name: "x", reason: "r", kinds: ["no-such-kind"] }] }).success,
    false,
  );
  assert.equal(exclusionsSchema.safeParse({ exclusions: [{ name: "x", reason: "r" }] }).success, false);
});
