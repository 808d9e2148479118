import assert from "node:assert/strict";
import { test } from "node:test";
import { ADMIN, doc } from "../../../helpers/policies.js";
import { ACCOUNT, role, snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, run, trustDoc } from "./fixture.js";

// aws:RequestedRegion of an AssumeRole call is the region of the STS endpoint the caller calls, its
// own pick among the regions whose endpoints are active: every account has the default regions.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_enable-regions.html
const admin = role("admin", {
  trustPolicy: trustDoc({ AWS: `arn:aws:iam::${ACCOUNT}:root` }),
  inlinePolicies: [{ name: "a", document: ADMIN }],
});
const inRegion = (region: string) => ({ StringEquals: { "aws:RequestedRegion": region } });
const assume = (condition?: object) => ({
  Effect: "Allow",
  Action: "sts:AssumeRole",
  Resource: "*",
  ...(condition ? { Condition: condition } : {}),
});

function chain(...statements: object[]) {
  const dev = user("dev", { inlinePolicies: [{ name: "p", document: doc(...statements) }] });
  const [found] = findingsOf(
    run(snapshotWith({ users: [dev], roles: [admin] })),
    "privilege-escalation",
    dev.arn,
  );
  const chains = (found?.evidence.chains ?? []) as { certainty: string }[];
  return { severity: found?.severity, certainty: chains.map((c) => c.certainty) };
}

test("an administrator role the caller may assume only in eu-west-1 is a certain path", () => {
  assert.deepEqual(chain(assume(inRegion("eu-west-1"))), { severity: "high", certainty: ["yes"] });
});

test("a Deny of every call outside eu-west-1 but IAM's leaves the assumption certain there", () => {
  const outside = {
    Effect: "Deny",
    NotAction: "iam:*",
    Resource: "*",
    Condition: { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } },
  };
  assert.deepEqual(chain(assume(), outside), { severity: "high", certainty: ["yes"] });
});

test("a region an account must enable first, or none, keeps the assumption in doubt or out", () => {
  assert.deepEqual(chain(assume(inRegion("af-south-1"))), { severity: "medium", certainty: ["maybe"] });
  const everywhere = { Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" };
  assert.deepEqual(chain(assume(inRegion("eu-west-1")), everywhere), { severity: undefined, certainty: [] });
});
