import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { createAuthorizer } from "../../../core/engine/activity/authorize.js";
import { AUTHORIZATION_TABLES } from "../../../core/engine/activity/knowledge/authorizations/index.js";
import {
  ROLE_PARAMETERS,
  ROLE_PASSING_CALLS,
  roleReferences,
} from "../../../core/engine/activity/knowledge/authorizations/pass-role.js";
import type { ActionInfo } from "../../../core/engine/catalog/types.js";
import { catalog } from "../../helpers/catalog.js";
import { realData } from "../../helpers/paths.js";

/**
 * The Service Authorization Reference's "Dependent actions" column: what else IAM checks when an
 * action is called. The pinned catalog package carries the field empty; this is the last package
 * version that carried it (test/data/SOURCES.md).
 */
const DEPENDENT = JSON.parse(readFileSync(realData("iam-data", "dependent-actions.json"), "utf8")) as Record<
  string,
  string[]
>;
const dependentOf = (key: string) =>
  Object.entries(DEPENDENT).find(([action]) => action.toLowerCase() === key.toLowerCase())?.[1] ?? [];

const ROLE = "arn:aws:iam::123456789012:role/service-role/app";

/** Whether the pass-role scan reads role parameters in this call: the generic rule or an entry naming it. */
function passesRoles(action: ActionInfo): boolean {
  const generic =
    (ROLE_PASSING_CALLS.accessLevels as readonly string[]).includes(action.accessLevel) &&
    !(ROLE_PASSING_CALLS.exceptServices as readonly string[]).includes(action.service);
  const keys = ROLE_PARAMETERS.filter((p) => (p.events ? p.events.includes(action.key) : generic));
  const params = Object.fromEntries(keys.map((p) => [p.key, ROLE]));
  return roleReferences(action.key, generic, params).length > 0;
}

test("the pinned catalog lists no dependent action, so the reference data is the last version's", () => {
  const listing = catalog.actions.filter(
    (a) => a.dependentActions.length > 0 || a.resourceTypes.some((rt) => rt.dependentActions.length > 0),
  );
  assert.deepEqual(
    listing.map((a) => a.key),
    [],
    "the catalog carries dependent actions again: read them from it",
  );
  assert.ok(Object.keys(DEPENDENT).length > 1000);
});

describe("every dependent action of an action the authorization tables handle is produced", () => {
  const handled = new Map<string, Set<string>>();
  for (const table of AUTHORIZATION_TABLES)
    for (const entry of table.events) {
      if (entry.class) continue;
      const needs = [
        ...(entry.actions ?? [{ action: `${table.service}:${entry.event}` }]),
        ...(entry.rules ?? []).flatMap((r) => [
          ...(r.add ?? []),
          ...Object.values(r.replace ?? {}).map((action) => ({ action })),
        ]),
      ];
      // Produced by a rule, or possibly needed by every call of the entry (a Timestream Query's
      // endpoint discovery).
      const added = new Set([
        ...(entry.rules ?? []).flatMap((r) => (r.add ?? []).map((n) => n.action)),
        ...(entry.actions ?? []).flatMap((n) => (n.inferred ? [n.action] : [])),
      ]);
      for (const { action } of needs)
        handled.set(action, new Set([...(handled.get(action) ?? []), ...added]));
    }

  test("the tables handle actions the reference lists dependents for", () =>
    assert.ok([...handled.keys()].some((a) => dependentOf(a).length > 0)));

  for (const [action, added] of handled) {
    for (const dependent of dependentOf(action)) {
      test(`${action} → ${dependent}`, () => {
        if (dependent === "iam:PassRole") {
          const info = catalog.action(action);
          assert.ok(info && passesRoles(info), `${action} passes a role the scan does not read`);
        } else {
          assert.ok(added.has(dependent), `no rule of ${action}'s entry adds ${dependent}`);
        }
      });
    }
  }

  test("S3 PutBucketReplication passes its replication role", () => {
    const result = createAuthorizer(catalog)({
      eventSource: "s3.amazonaws.com",
      eventName: "PutBucketReplication",
      eventTime: "2026-11-01T00:00:00Z",
      awsRegion: "us-east-1",
      recipientAccountId: "123456789012",
      requestParameters: { bucketName: "data", ReplicationConfiguration: { Role: ROLE, Rule: [] } },
    });
    assert.equal(result.kind, "authorizations");
    if (result.kind !== "authorizations") return;
    assert.deepEqual(
      result.authorizations.map((a) => [a.action.key, a.resources]),
      [
        ["s3:PutReplicationConfiguration", ["arn:aws:s3:::data"]],
        ["iam:PassRole", [ROLE]],
      ],
    );
  });
});

test("every action the reference says passes a role has its role parameters read", () => {
  const passing = Object.entries(DEPENDENT)
    .filter(([, dependents]) => dependents.includes("iam:PassRole"))
    .map(([action]) => catalog.action(action));
  assert.ok(passing.length >= 200);
  const unread = passing.filter((a) => a !== undefined && !passesRoles(a)).map((a) => a!.key);
  assert.deepEqual(unread, []);
});
