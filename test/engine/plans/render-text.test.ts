import assert from "node:assert/strict";
import { test } from "node:test";
import { renderPlanText } from "../../../core/engine/plans/render-text.js";
import { arn, managed, planFor, S3_ALL, used } from "../../helpers/plan-fixture.js";
import { role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// `whittle apply` prints the plan for the reader to check before `--yes`. A name from a forged
// snapshot holding a line break would print a line of its own ("proof holds"), and an ESC
// sequence (cursor up, erase line) would wipe the line that detaches an administrator's policy.
const ERASE = "\u001b[1A\u001b[2K";
const FORGED = `app\n  proof holds    ${ERASE}`;
const ADMIN = `Admin${ERASE}`;

const READ = {
  Version: "2012-10-17" as const,
  Statement: [
    { Sid: "S3", Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/x"] },
  ],
};

test("the plan printed before --yes shows account text without line breaks or terminal controls", () => {
  const admin = arn("policy", ADMIN);
  const snapshot = snapshotWith({
    roles: [
      role(FORGED, {
        attachedPolicyArns: [admin],
        inlinePolicies: [{ name: `all${ERASE}`, document: S3_ALL }],
      }),
    ],
    managedPolicies: { [admin]: managed(ADMIN, S3_ALL) },
  });
  const principal = arn("role", FORGED);
  const { plans } = planFor(snapshot, { [principal]: [used("s3:GetObject", "arn:aws:s3:::a/x")] }, [
    {
      principalArn: principal,
      policies: [{ name: `whittle-app${ERASE}`, document: READ }],
    },
  ]);
  assert.equal(plans.length, 1, JSON.stringify(plans));
  const text = renderPlanText(plans[0]!);
  // One line per part of the plan, each starting as the renderer wrote it, and no control character but the line ends.
  const controls = [...text].filter((c) => c !== "\n" && (c < " " || (c >= "\u007f" && c <= "\u009f")));
  assert.deepEqual(controls, [], JSON.stringify(text));
  const lines = text.trimEnd().split("\n");
  assert.equal(lines.filter((l) => l.startsWith("  proof ")).length, plans[0]!.proofs.length, text);
  assert.ok(
    lines.some((l) => l.startsWith("  detach ") && l.includes("Admin")),
    text,
  );
});
