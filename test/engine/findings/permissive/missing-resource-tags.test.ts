import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../../helpers/policies.js";
import { role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { accountAdmin, assumeTagged } from "../../../helpers/trust-fixture.js";
import { findingsOf, run } from "./fixture.js";

/**
 * The snapshot lists every tag of a user or role (GetAccountAuthorizationDetails gives an empty
 * list for none), so a tag key it lacks is absent: a condition a missing key meets is met today,
 * one it fails is not, and only a role whose input had no tag list keeps both undecided.
 */
const web = [{ key: "team", value: "web" }];
const app = (statement: object, tagsUnknown = false) =>
  role("app", {
    tags: tagsUnknown ? [] : web,
    ...(tagsUnknown ? { tagsUnknown: true as const } : {}),
    inlinePolicies: [{ name: "p", document: doc(statement) }],
  });
const self = app({}).arn;
const putOwnPolicy = (condition: object) => ({
  Effect: "Allow",
  Action: "iam:PutRolePolicy",
  Resource: self,
  Condition: condition,
});
const severity = (r: ReturnType<typeof role>) =>
  findingsOf(run(snapshotWith({ roles: [r] })), "privilege-escalation", r.arn)[0]?.severity;

const metByAbsence = {
  StringNotEquals: { StringNotEquals: { "aws:ResourceTag/owner": "ops" } },
  StringEqualsIfExists: { StringEqualsIfExists: { "aws:ResourceTag/owner": "ops" } },
  Null: { Null: { "aws:ResourceTag/owner": "true" } },
  "iam:ResourceTag": { StringNotEquals: { "iam:ResourceTag/owner": "ops" } },
};

test("a role without an owner tag meets a condition a missing owner tag satisfies: it writes itself a policy", () => {
  for (const [name, condition] of Object.entries(metByAbsence))
    assert.equal(severity(app(putOwnPolicy(condition))), "high", name);
});

test("a role without an owner tag, unable to tag itself, cannot meet StringEquals owner=ops", () => {
  assert.equal(severity(app(putOwnPolicy({ StringEquals: { "aws:ResourceTag/owner": "ops" } }))), undefined);
  assert.equal(severity(app(putOwnPolicy({ Null: { "aws:ResourceTag/owner": "false" } }))), undefined);
});

test("a role whose input listed no tags keeps tag conditions undecided", () => {
  for (const [name, condition] of Object.entries(metByAbsence))
    assert.equal(severity(app(putOwnPolicy(condition), true)), "medium", name);
  const ops = putOwnPolicy({ StringEquals: { "aws:ResourceTag/owner": "ops" } });
  assert.equal(severity(app(ops, true)), "medium");
});

test("a role without the tag sts:AssumeRole's condition asks is not assumed, unless the caller may tag it", () => {
  const admin = accountAdmin("admin");
  const webRoles = assumeTagged("team", "web");
  const severity = (...statements: object[]) => {
    const caller = user("dev", { inlinePolicies: [{ name: "p", document: doc(...statements) }] });
    return findingsOf(
      run(snapshotWith({ users: [caller], roles: [admin] })),
      "privilege-escalation",
      caller.arn,
    )[0]?.severity;
  };
  assert.equal(severity(webRoles), undefined);
  assert.equal(severity(webRoles, { Effect: "Allow", Action: "iam:TagRole", Resource: admin.arn }), "medium");
});
