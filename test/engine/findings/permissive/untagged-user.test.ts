import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run } from "./fixture.js";

/**
 * A request signed with a user's own credentials carries the user's IAM tags as aws:PrincipalTag,
 * and no others: session tags come only with the temporary credentials of a session tagging
 * operation (AssumeRole*, GetFederationToken). A tag the snapshot does not list for the user is
 * absent from its requests.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 */
const adminsOnly = {
  Effect: "Allow",
  Action: "iam:PutUserPolicy",
  Resource: "*",
  Condition: { StringEquals: { "aws:PrincipalTag/team": "admins" } },
};
const dev = (extra: object, ...statements: object[]) =>
  user("dev", {
    tags: [],
    inlinePolicies: [{ name: "p", document: doc(adminsOnly, ...statements) }],
    ...extra,
  });
const tagSelf = { Effect: "Allow", Action: "iam:TagUser", Resource: dev({}).arn };
const federate = { Effect: "Allow", Action: "sts:GetFederationToken", Resource: "*" };

function escalation(u: ReturnType<typeof user>) {
  const found = findingsOf(run(snapshotWith({ users: [u] })), "privilege-escalation", u.arn)[0];
  return { severity: found?.severity, paths: pathIds(found) };
}

test("a user without the tag an Allow asks for gets nothing from it", () => {
  assert.deepEqual(escalation(dev({})), { severity: undefined, paths: [] });
});

test("a user without the tag who may tag itself escalates by tagging itself, certainly", () => {
  assert.deepEqual(escalation(dev({}, tagSelf)), { severity: "high", paths: ["whittle-tag-self"] });
});

test("tags not read, or a federated session that may carry session tags, leave the condition undecided", () => {
  const undecided = { severity: "medium", paths: ["iam-007"] };
  assert.deepEqual(escalation(dev({ tagsUnknown: true })), undecided);
  assert.deepEqual(escalation(dev({}, federate)), undecided);
});
