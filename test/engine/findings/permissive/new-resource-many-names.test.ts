import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run } from "./fixture.js";

/**
 * A caller allowed to create roles of 25 names, all but the last denied: it creates the last, gives
 * it any policy and assumes it. The names tried for a new resource are bounded; past that bound the
 * ones left untried may be allowed, so the path stays, conditional, rather than going.
 */
const role = (i: number) => `arn:aws:iam::${ACCOUNT}:role/r${i}`;

function certainties(count: number): string[] {
  const names = Array.from({ length: count }, (_, i) => role(i + 1));
  const dev = user("dev", {
    inlinePolicies: [
      {
        name: "provision",
        document: doc(
          { Effect: "Allow", Action: "iam:CreateRole", Resource: names },
          { Effect: "Allow", Action: "iam:AttachRolePolicy", Resource: "*" },
          { Effect: "Deny", Action: "iam:CreateRole", Resource: names.slice(0, -1) },
        ),
      },
    ],
  });
  const finding = findingsOf(run(snapshotWith({ users: [dev] })), "privilege-escalation", dev.arn)[0];
  assert.deepEqual(pathIds(finding), ["whittle-new-role-managed-policy"]);
  return ((finding?.evidence.paths ?? []) as { certainty: string }[]).map((p) => p.certainty);
}

test("the one allowed name of many, past those tried, leaves the path conditional", () => {
  assert.deepEqual(certainties(25), ["maybe"]);
});

test("control: among few names the allowed one is tried, and the path is certain", () => {
  assert.deepEqual(certainties(5), ["yes"]);
});
