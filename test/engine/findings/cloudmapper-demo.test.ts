import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { AccountPermissions } from "../../../core/engine/account/permissions.js";
import { identityConfig } from "../../../core/engine/findings/identity-context.js";
import { DETECTORS } from "../../../core/engine/findings/registry.js";
import { runDetectors } from "../../../core/engine/findings/run.js";
import { readOfflineSnapshot } from "../../../core/engine/snapshot/offline.js";
import { catalog } from "../../helpers/catalog.js";
import { realData } from "../../helpers/paths.js";

/**
 * The demo's credential report was generated on 2019-05-07. We audit it as of 2019-07-01, so that
 * the root sign-in of 2019-03-03 (120 days) is outside the 90-day window; its unused credentials
 * are judged as of the report's generation, since a report says nothing of the days after it.
 */
const now = new Date("2019-07-01T00:00:00Z");
const collectedAt = new Date("2019-05-07T15:40:22Z");

const gaadFile = realData("cloudmapper-demo", "iam-get-account-authorization-details.json");
const reportFile = realData("cloudmapper-demo", "iam-get-credential-report.json");
const snapshot = readOfflineSnapshot({
  snapshot: { file: gaadFile, text: readFileSync(gaadFile, "utf8") },
  credentialReport: { file: reportFile, text: JSON.parse(readFileSync(reportFile, "utf8")).Content },
  collectedAt,
});

/** The account detectors' findings as of `at`, over the 90 days before it, with no trail. */
function findingsAt(at: Date) {
  const window = {
    start: new Date(at.getTime() - 90 * 86_400_000).toISOString(),
    end: at.toISOString(),
    days: 90,
  };
  const context = {
    catalog,
    snapshot,
    account: new AccountPermissions(catalog, snapshot),
    now: at,
    window,
    config: identityConfig(),
  };
  return runDetectors(
    context,
    DETECTORS.filter((d) => d.scope === "account"),
  ).findings;
}

const findings = findingsAt(now);
const atReport = findingsAt(collectedAt);
const of = (kind: string, principal: string, list = findings) =>
  list.filter((f) => f.kind === kind && f.principalArn === `arn:aws:iam::123456789012:${principal}`);

test("root access keys (CloudMapper ROOT_USER_HAS_ACCESS_KEYS)", () => {
  const [finding] = of("root-access-key", "root");
  assert.equal(finding?.severity, "critical");
  assert.deepEqual(finding?.evidence.keys, [
    { key: "access key 1", created: "2018-11-23T16:01:14.000Z", lastUsed: "2018-11-27T00:02:00.000Z" },
  ]);
});

test("as of the report, user's key last used in 2018 is unused (USER_HAS_UNUSED_ACCESS_KEY_FOR_MAX_DAYS)", () => {
  // Key 1 and auditor_tmp's key were created that day, never used yet: not past the 45 days.
  assert.deepEqual(
    of("unused-access-key", "user/user", atReport).map((f) => [f.evidence.key, f.evidence.lastUsed]),
    [["access key 2", "2018-05-07T15:35:54.000Z"]],
  );
  assert.deepEqual(of("unused-access-key", "user/auditor_tmp", atReport), []);
});

test("55 days after the report, with no trail, no key, password or user is called unused", () => {
  // The report says nothing of the 55 days since: any of them may have been used every day.
  const unused = findings.filter((f) =>
    ["unused-access-key", "unused-password", "unused-user"].includes(f.kind),
  );
  assert.deepEqual(unused, []);
});

test("user has two active access keys (USER_HAS_TWO_ACCESS_KEYS)", () => {
  assert.equal(of("multiple-active-access-keys", "user/user").length, 1);
  assert.equal(of("multiple-active-access-keys", "user/auditor_tmp").length, 0);
});

test("as of the report, user has not signed in since 2018 (USER_HAS_NOT_LOGGED_IN_FOR_OVER_MAX_DAYS); its use is unknown", () => {
  const [password] = of("unused-password", "user/user", atReport);
  assert.equal(password?.evidence.passwordLastUsed, "2018-05-07T15:35:54.000Z");
  // Its first key was created minutes before the report: it may replace a key used until then,
  // which the report, listing current keys only, no longer shows.
  assert.equal(of("unused-user", "user/user", atReport).length, 0);
});

test("user has a console password and no MFA (USER_WITH_PASSWORD_LOGIN_BUT_NO_MFA); auditor_tmp has no password", () => {
  assert.equal(of("console-without-mfa", "user/user").length, 1);
  assert.equal(of("console-without-mfa", "user/auditor_tmp").length, 0);
});

test("no false alarms: auditor_tmp is younger than the window, root was not used in the last 90 days", () => {
  assert.equal(of("unused-user", "user/auditor_tmp", atReport).length, 0);
  assert.equal(findings.filter((f) => f.kind === "root-recently-used").length, 0);
});

test("roles without RoleLastUsed or last-accessed data are unknown, not unused; no password policy data, no finding", () => {
  assert.equal(findings.filter((f) => f.kind === "unused-role").length, 0);
  assert.equal(findings.filter((f) => f.kind === "weak-password-policy").length, 0);
});

test("every finding has a stable id, evidence and a remediation", () => {
  for (const f of findings) {
    assert.match(f.id, /^[0-9a-f]{24}$/);
    assert.ok(Object.keys(f.evidence).length > 0 && f.remediation.length > 0, f.kind);
  }
  assert.equal(new Set(findings.map((f) => f.id)).size, findings.length);
});
