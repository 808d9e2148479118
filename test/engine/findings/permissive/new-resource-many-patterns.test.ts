import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { ACCOUNT, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run } from "./fixture.js";

/**
 * Two guardrails, each denying iam:CreateRole except on a long list of names: only a role named
 * app-q1 (the first Deny's last pattern, app-*, and the second's first, role/app-q1) escapes both.
 * The search for such a name looks at a few patterns of each list, a bounded number of times; past
 * that it has not shown that no name exists, so the path stays, conditional.
 */
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const NEW_ROLE = ["iam:CreateRole", "iam:AttachRolePolicy"];

function certainties(firstList: string[]): string[] {
  const dev = user("dev", {
    inlinePolicies: [
      {
        name: "provision",
        document: doc(
          { Effect: "Allow", Action: NEW_ROLE, Resource: "*" },
          { Effect: "Deny", Action: "iam:CreateRole", NotResource: firstList },
          {
            Effect: "Deny",
            Action: "iam:CreateRole",
            NotResource: [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => role(`app-q${i}`)),
          },
        ),
      },
    ],
  });
  const finding = findingsOf(run(snapshotWith({ users: [dev] })), "privilege-escalation", dev.arn)[0];
  assert.deepEqual(pathIds(finding), ["whittle-new-role-managed-policy"]);
  return ((finding?.evidence.paths ?? []) as { certainty: string }[]).map((p) => p.certainty);
}

const others = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => role(`p${i}-*`));

test("a name escaping two long NotResource lists, past what the search tries, leaves the path conditional", () => {
  assert.deepEqual(certainties([...others, role("app-*")]), ["maybe"]);
});

test("control: with app-* early in the first list the search finds the name, and the path is certain", () => {
  assert.deepEqual(certainties([role("app-*"), ...others]), ["yes"]);
});
