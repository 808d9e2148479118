import assert from "node:assert/strict";
import { test } from "node:test";
import { findingsInTwoSteps } from "../../../core/engine/audit/findings.js";
import type { UnprovenRecommendation } from "../../../core/engine/findings/recommendation-unproven.js";
import { collectFindings } from "../../../core/engine/findings/run.js";
import { findingContext } from "../../helpers/findings.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../helpers/snapshot-fixture.js";

const inline = (document: object) => [{ name: "own", document }];
const snapshot = snapshotWith({
  roles: [
    role("admin", { inlinePolicies: inline(ADMIN) }),
    role("deployer", {
      inlinePolicies: inline(doc({ Effect: "Allow", Action: ["iam:PassRole", "lambda:*"], Resource: "*" })),
    }),
    // Its findings are suppressed as a service-linked role's.
    role("AWSServiceRoleForSupport", { serviceLinked: true, inlinePolicies: inline(ADMIN) }),
  ],
  users: [user("dev", { inlinePolicies: inline(doc({ Effect: "Allow", Action: "s3:*", Resource: "*" })) })],
});
const exclusions = {
  exclusions: [
    { name: "deployers", reason: "accepted", principals: [`arn:aws:iam::${ACCOUNT}:role/deployer`] },
  ],
};
const unproven = (of: "recommendation" | "plan", name: string): UnprovenRecommendation => ({
  of,
  targetArn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
  name,
  reason: "the change could not be proven",
  violations: ["s3:GetObject"],
});

test("the detectors run before the unproven policy sets are known find what one run with them finds", () => {
  const ctx = findingContext(snapshot);
  // The same target twice: the second finding has the first's id and is dropped in both runs.
  const sets = [unproven("recommendation", "admin"), unproven("plan", "admin"), unproven("plan", "admin")];
  const once = collectFindings({ ...ctx, unproven: sets }, exclusions);
  const twoSteps = findingsInTwoSteps(ctx, exclusions)(sets);
  assert.ok(once.findings.some((f) => f.kind === "recommendation-unproven"));
  assert.ok(once.findings.some((f) => f.suppressed?.rule === "deployers"));
  assert.ok(once.findings.some((f) => f.suppressed?.rule === "service-linked-role"));
  assert.deepEqual(twoSteps, once);
});
