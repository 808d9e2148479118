import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run, trustDoc } from "./fixture.js";

// One AssumeRole request carries one external id, one session name and one region (the STS
// endpoint the caller calls), which the caller's own policies and the role's trust policy both
// read: a caller allowed only values the trust refuses has no way in, and one allowed a value the
// trust admits is certainly in.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_externalid
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
const assume = (condition?: object) => ({
  Effect: "Allow",
  Action: "sts:AssumeRole",
  Resource: "*",
  ...(condition ? { Condition: condition } : {}),
});

/** dev, with these statements, and an administrator role trusting the account under `trusting`. */
function path(trusting: object | undefined, ...statements: object[]) {
  const admin = role("admin", {
    trustPolicy: trustDoc({ AWS: `arn:aws:iam::${ACCOUNT}:root` }, trusting),
    inlinePolicies: [{ name: "a", document: ADMIN }],
  });
  const dev = user("dev", { inlinePolicies: [{ name: "p", document: doc(...statements) }] });
  const [found] = findingsOf(
    run(snapshotWith({ users: [dev], roles: [admin] })),
    "privilege-escalation",
    dev.arn,
  );
  const chains = (found?.evidence.chains ?? []) as { certainty: string }[];
  return { severity: found?.severity, certainty: chains.map((c) => c.certainty) };
}

const externalId = (value: string) => ({ StringEquals: { "sts:ExternalId": value } });
const sessionName = (value: string) => ({ StringEquals: { "sts:RoleSessionName": value } });
const inRegion = (region: string) => ({ StringEquals: { "aws:RequestedRegion": region } });
const certain = { severity: "high", certainty: ["yes"] };
const none = { severity: undefined, certainty: [] };

test("a caller's own condition on the external id it sends is met by sending it", () => {
  assert.deepEqual(path(undefined, assume(externalId("build"))), certain);
  assert.deepEqual(path(externalId("build"), assume(externalId("build"))), certain);
});

test("a caller allowed only an external id the trust policy refuses has no path", () => {
  assert.deepEqual(path(externalId("deploy"), assume(externalId("build"))), none);
  const sendsNone = assume({ Null: { "sts:ExternalId": "true" } });
  assert.deepEqual(path(externalId("deploy"), sendsNone), none);
});

test("a caller's own condition on its session name is met by the name it picks, unless the trust asks another", () => {
  assert.deepEqual(path(sessionName("ci"), assume(sessionName("ci"))), certain);
  assert.deepEqual(path(sessionName("deploy"), assume(sessionName("ci"))), none);
});

test("a trust admitting callers in eu-west-1 only is judged in that region for the caller's policies too", () => {
  assert.deepEqual(path(inRegion("eu-west-1"), assume(inRegion("eu-west-1"))), certain);
  assert.deepEqual(path(inRegion("eu-west-1"), assume(inRegion("us-east-1"))), none);
  const onlyUsEast = {
    Effect: "Deny",
    Action: "*",
    Resource: "*",
    Condition: { StringNotEquals: { "aws:RequestedRegion": "us-east-1" } },
  };
  assert.deepEqual(path(inRegion("eu-west-1"), assume(), onlyUsEast), none);
});

test("a trust admitting callers only in a region an account must enable first is a conditional path", () => {
  assert.deepEqual(path(inRegion("af-south-1"), assume()), { severity: "medium", certainty: ["maybe"] });
});

test("a caller's own condition asking its user name as the session name, or its account as the external id, is met by sending it", () => {
  // AssumeRole's reference: "Your administrator might require that you specify your user name as
  // the session name when you assume the role."
  assert.deepEqual(path(undefined, assume(sessionName("${aws:username}"))), certain);
  assert.deepEqual(path(undefined, assume(externalId("${aws:PrincipalAccount}"))), certain);
  assert.deepEqual(path(sessionName("dev"), assume(sessionName("${aws:username}"))), certain);
  assert.deepEqual(path(sessionName("ci"), assume(sessionName("${aws:username}"))), none);
});
