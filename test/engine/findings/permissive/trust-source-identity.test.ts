import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run } from "./fixture.js";

/**
 * A source identity is set with the action sts:SetSourceIdentity, which the role's trust policy
 * must allow besides the assume action; under a trust policy that allows only sts:AssumeRole no
 * request carries one, so a condition asking for sts:SourceIdentity is never met.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html#id_credentials_temp_control-access_monitor-perms
 */
const sourced = { StringLike: { "sts:SourceIdentity": "*@example.com" } };
const trust = (principal: object, actions: string[], condition: object = sourced) =>
  doc({ Effect: "Allow", Principal: principal, Action: actions, Condition: condition });
const admin = (trustPolicy: unknown) =>
  role("admin", { trustPolicy, inlinePolicies: [{ name: "a", document: ADMIN }] });

const anyone = (actions: string[], condition?: object) =>
  findingsOf(
    run(snapshotWith({ roles: [admin(trust({ AWS: "*" }, actions, condition))] })),
    "trust-any-principal",
  ).length;

test("a trust open to any principal that asks for a source identity it lets no one set lets no one in", () => {
  assert.equal(anyone(["sts:AssumeRole"]), 0);
  assert.equal(anyone(["sts:AssumeRole", "sts:SetSourceIdentity"]), 1);
  assert.equal(anyone(["sts:*"]), 1);
});

test("a trust asking for no source identity still lets anyone in without sts:SetSourceIdentity", () => {
  assert.equal(anyone(["sts:AssumeRole"], { Null: { "sts:SourceIdentity": "true" } }), 1);
});

test("a user of the account reaches no administrator through a source identity condition no one can meet", () => {
  const dev = user("dev", {
    inlinePolicies: [
      {
        name: "p",
        document: doc({
          Effect: "Allow",
          Action: ["sts:AssumeRole", "sts:SetSourceIdentity"],
          Resource: "*",
        }),
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
  assert.equal(escalates(["sts:AssumeRole", "sts:SetSourceIdentity"]), 1);
});
