import assert from "node:assert/strict";
import { test } from "node:test";
import type { Finding } from "../../../../core/engine/findings/types.js";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { credentials, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run } from "./fixture.js";

/**
 * IAM lets a user hold two access keys, active or inactive: CreateAccessKey for a user that has two
 * fails (LimitExceeded) until one is deleted, and deactivating one frees no place. Where the
 * credential report shows a user with two keys, creating one for it is a way in only for a caller
 * that may delete one first, and the step says so.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-keys-admin-managed.html
 */
const boss = user("boss", { inlinePolicies: [{ name: "a", document: ADMIN }] });
const worker = user("worker");

const key = (slot: number, status: "Active" | "Inactive" = "Active") => ({
  slot,
  status,
  created: "2024-01-01T00:00:00.000Z",
  lastUsed: null,
});

function escalation(statements: object[], keys: ReturnType<typeof key>[]): Finding | undefined {
  const helpdesk = user("helpdesk", { inlinePolicies: [{ name: "p", document: doc(...statements) }] });
  const report = {
    [boss.arn]: credentials("boss", { accessKeys: keys }),
    [worker.arn]: credentials("worker", { accessKeys: keys }),
  };
  return findingsOf(
    run(snapshotWith({ users: [helpdesk, boss, worker], credentials: report })),
    "privilege-escalation",
    helpdesk.arn,
  )[0];
}

const onBoss = (...actions: string[]) => ({ Effect: "Allow", Action: actions, Resource: boss.arn });

type Step = { action: string; targets: string[]; deletesKeyFirst?: string[] };
const stepsOf = (finding: Finding | undefined, id: string): Step[] =>
  ((finding?.evidence.paths ?? []) as { id: string; steps: Step[] }[]).find((p) => p.id === id)?.steps ?? [];

test("an access key for an administrator that holds two already is no path", () => {
  assert.equal(escalation([onBoss("iam:CreateAccessKey")], [key(1), key(2)]), undefined);
  // An inactive key holds its place as an active one does.
  assert.equal(escalation([onBoss("iam:CreateAccessKey")], [key(1), key(2, "Inactive")]), undefined);
});

test("an access key for an administrator with one key or none stays a certain path", () => {
  for (const keys of [[], [key(1)]]) {
    const finding = escalation([onBoss("iam:CreateAccessKey")], keys);
    assert.deepEqual(pathIds(finding), ["iam-002"]);
    assert.equal(finding?.severity, "high");
    assert.equal(stepsOf(finding, "iam-002")[0]?.deletesKeyFirst, undefined);
  }
});

test("a caller that may delete one of the two keys first keeps the path, which names the deletion", () => {
  const finding = escalation([onBoss("iam:CreateAccessKey", "iam:DeleteAccessKey")], [key(1), key(2)]);
  assert.deepEqual(pathIds(finding), ["iam-002", "iam-003"]);
  assert.equal(finding?.severity, "high");
  assert.deepEqual(stepsOf(finding, "iam-002")[0]?.deletesKeyFirst, [boss.arn]);
});

test("a deletion allowed only under a condition leaves the path conditional", () => {
  const finding = escalation(
    [
      onBoss("iam:CreateAccessKey"),
      { ...onBoss("iam:DeleteAccessKey"), Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } },
    ],
    [key(1), key(2)],
  );
  assert.equal(finding?.severity, "medium");
  assert.ok(pathIds(finding).includes("iam-002"));
});

test("a user granted a policy and then given an access key needs a free place for the key too", () => {
  const onWorker = (...actions: string[]) => ({ Effect: "Allow", Action: actions, Resource: worker.arn });
  const paths = (actions: string[], keys: ReturnType<typeof key>[]) =>
    pathIds(escalation([onWorker(...actions)], keys));
  assert.ok(!paths(["iam:PutUserPolicy", "iam:CreateAccessKey"], [key(1), key(2)]).includes("iam-018"));
  assert.ok(paths(["iam:PutUserPolicy", "iam:CreateAccessKey"], [key(1)]).includes("iam-018"));
  const finding = escalation(
    [onWorker("iam:PutUserPolicy", "iam:CreateAccessKey", "iam:DeleteAccessKey")],
    [key(1), key(2)],
  );
  assert.ok(pathIds(finding).includes("iam-018"));
  assert.deepEqual(stepsOf(finding, "iam-018")[1]?.deletesKeyFirst, [worker.arn]);
});

// A deletion allowed on users of a tag reads the tag the credential report's user has: the snapshot
// lists every tag of a user, so the condition is decided, not left in doubt.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html#access_iam-tags_control-resources
test("a deletion allowed on users of a tag is certain for an administrator that has it, and no path for one that has another", () => {
  const onTeam = (team: string) => ({
    Effect: "Allow",
    Action: "iam:DeleteAccessKey",
    Resource: "*",
    Condition: { StringEquals: { "aws:ResourceTag/team": team } },
  });
  const tagged = { ...boss, tags: [{ key: "team", value: "ops" }] };
  const finding = (team: string) => {
    const helpdesk = user("helpdesk", {
      inlinePolicies: [{ name: "p", document: doc(onBoss("iam:CreateAccessKey"), onTeam(team)) }],
    });
    const report = { [boss.arn]: credentials("boss", { accessKeys: [key(1), key(2)] }) };
    return findingsOf(
      run(snapshotWith({ users: [helpdesk, tagged], credentials: report })),
      "privilege-escalation",
      helpdesk.arn,
    )[0];
  };
  assert.equal(finding("ops")?.severity, "high");
  assert.deepEqual(stepsOf(finding("ops"), "iam-002")[0]?.deletesKeyFirst, [boss.arn]);
  assert.equal(finding("dev"), undefined);
});
