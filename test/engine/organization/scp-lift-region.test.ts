import assert from "node:assert/strict";
import { test } from "node:test";
import { delegatingToDev, deployPath, devCi } from "./lift-fixture.js";
import { organizationWith } from "./org-fixture.js";

/**
 * Organizations has one endpoint per partition, US East (N. Virginia) for commercial
 * organizations: a caller whose SCPs deny every call outside Ireland may still assume roles there,
 * but not rewrite the SCP blocking its path, whatever region it names.
 * https://docs.aws.amazon.com/organizations/latest/userguide/region-support.html
 */
const NO_ASSUME = { Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" };
const IRELAND_ONLY = (notAction: string[]) => ({
  Effect: "Deny",
  NotAction: notAction,
  Resource: "*",
  Condition: { StringNotEquals: { "aws:RequestedRegion": "eu-west-1" } },
});
const REWRITE = delegatingToDev({ Action: "organizations:UpdatePolicy", Resource: "*" });

test("a caller held to one region other than Organizations' cannot rewrite the SCP blocking it", async () => {
  const { path } = await deployPath(devCi(organizationWith(NO_ASSUME, IRELAND_ONLY(["iam:*"]))), REWRITE);
  assert.equal(path.liftsBlock, undefined);
  assert.equal(path.severity, "low");
});

test("one whose region guard leaves Organizations out still may", async () => {
  const { path } = await deployPath(
    devCi(organizationWith(NO_ASSUME, IRELAND_ONLY(["iam:*", "organizations:*"]))),
    REWRITE,
  );
  assert.equal(path.liftsBlock, "organizations:UpdatePolicy");
  assert.equal(path.severity, "high");
});
