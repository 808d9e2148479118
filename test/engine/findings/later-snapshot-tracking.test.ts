import assert from "node:assert/strict";
import { test } from "node:test";
import { lastAccessEvidence } from "../../../core/engine/audit/last-accessed.js";
import { unusedRole } from "../../../core/engine/findings/unused-role.js";
import { role } from "../../helpers/snapshot-fixture.js";
import { contextFor, iso, NOW, snapshotAtNow } from "./context.js";

// An audit of a past window (`--now` = NOW, 90 days) read beside a snapshot collected later:
// AWS's 400-day tracking period ends at the collection, not at the window's end.
const DAY = 86_400_000;
const collected = (daysAfterNow: number) => new Date(NOW.getTime() + daysAfterNow * DAY).toISOString();
const window = { start: iso(90), end: NOW.toISOString() };

test("an empty RoleLastUsed from a snapshot collected long after the window says nothing of the window", () => {
  const idle = role("nightly", { createDate: iso(2000), roleLastUsed: {} });
  const findings = (daysAfterNow: number) =>
    unusedRole.detect(contextFor(snapshotAtNow({ collectedAt: collected(daysAfterNow), roles: [idle] })));
  assert.equal(findings(0).length, 1, "collected at the window's end: unused in the tracking period");
  assert.equal(findings(300).length, 1, "its tracking period still reaches back to the window's start");
  // Collected 350 days later, the period starts 40 days after the window's: a use inside the
  // window has already fallen out of it.
  assert.deepEqual(findings(350), []);
  const dated = role("dated", { createDate: iso(2000), roleLastUsed: { date: iso(200) } });
  assert.equal(
    unusedRole.detect(contextFor(snapshotAtNow({ collectedAt: collected(350), roles: [dated] }))).length,
    1,
    "a last use dated before the window still speaks",
  );
});

test("a service listed without a date by a last-accessed job long after the window says nothing of the window", () => {
  const app = role("app");
  const verdict = (daysAfterNow: number) =>
    lastAccessEvidence(
      snapshotAtNow({
        collectedAt: collected(daysAfterNow),
        roles: [app],
        lastAccessed: {
          [app.arn]: {
            jobCompleted: collected(daysAfterNow),
            services: [{ namespace: "sns" }, { namespace: "sqs", lastAuthenticated: iso(200) }],
          },
        },
      }),
      app.arn,
      window,
    );
  assert.equal(verdict(0).verdict("sns:Publish"), "unused");
  assert.equal(
    verdict(350).verdict("sns:Publish"),
    "unknown",
    "its tracking period starts after the window's",
  );
  assert.equal(verdict(350).verdict("sqs:SendMessage"), "unused", "a date before the window still speaks");
});
