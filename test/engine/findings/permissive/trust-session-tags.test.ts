import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

/**
 * Session tags are passed with the action sts:TagSession, which the role's trust policy must allow
 * besides sts:AssumeRole; a trust policy that allows only sts:AssumeRole lets no caller pass any,
 * so a condition asking for a request tag is never met under it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required
 */
const tagged = { StringEquals: { "aws:RequestTag/project": "blue" } };
const trust = (principal: object, actions: string[]) =>
  doc({ Effect: "Allow", Principal: principal, Action: actions, Condition: tagged });
const admin = (trustPolicy: unknown) =>
  role("admin", { trustPolicy, inlinePolicies: [{ name: "a", document: ADMIN }] });

const anyone = (actions: string[]) =>
  findingsOf(run(snapshotWith({ roles: [admin(trust({ AWS: "*" }, actions))] })), "trust-any-principal")
    .length;

test("a trust open to any principal that asks for a session tag it does not let anyone pass lets no one in", () => {
  assert.equal(anyone(["sts:AssumeRole"]), 0);
  assert.equal(anyone(["sts:AssumeRole", "sts:TagSession"]), 1);
  assert.equal(anyone(["sts:*"]), 1);
});

test("a user of the account reaches no administrator through a trust whose tag condition no one can meet", () => {
  const dev = user("dev", {
    inlinePolicies: [
      {
        name: "p",
        document: doc({ Effect: "Allow", Action: ["sts:AssumeRole", "sts:TagSession"], Resource: "*" }),
      },
    ],
  });
  const escalates = (actions: string[]) =>
    findingsOf(
      run(
        snapshotWith({
          users: [dev],
          roles: [admin(trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, actions))],
        }),
      ),
      "privilege-escalation",
      dev.arn,
    ).length;
  assert.equal(escalates(["sts:AssumeRole"]), 0);
  assert.equal(escalates(["sts:AssumeRole", "sts:TagSession"]), 1);
});

test("through its account, a caller passes session tags only with an sts:TagSession Allow of its own; named, it needs none", () => {
  const both = ["sts:AssumeRole", "sts:TagSession"];
  const escalates = (callerActions: string[], principal: object) => {
    const dev = user("dev", {
      inlinePolicies: [
        { name: "p", document: doc({ Effect: "Allow", Action: callerActions, Resource: "*" }) },
      ],
    });
    return findingsOf(
      run(snapshotWith({ users: [dev], roles: [admin(trust(principal, both))] })),
      "privilege-escalation",
      dev.arn,
    ).length;
  };
  const account = { AWS: `arn:aws:iam::${ACCOUNT}:root` };
  assert.equal(escalates(["sts:AssumeRole"], account), 0);
  assert.equal(escalates(both, account), 1);
  assert.equal(escalates(["s3:GetObject"], { AWS: `arn:aws:iam::${ACCOUNT}:user/dev` }), 1);
});
