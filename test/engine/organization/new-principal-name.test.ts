import assert from "node:assert/strict";
import { test } from "node:test";
import { doc } from "../../helpers/policies.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { ALICE, CI, dev, pathFrom, prodTrusting } from "./new-principal-fixture.js";
import { DEV, PROD, roleIn, trusting } from "./org-fixture.js";

/**
 * A principal that creates a role or user names it: a trust policy that admits the caller's
 * account only for principals whose ARN fits a pattern admits the one it creates under a name that
 * fits, where it may create one so named.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 */
const role = (name: string) => `arn:aws:iam::${DEV}:role/${name}`;

/** Production's Deploy, an administrator, trusts dev's principals whose ARN is `pattern`. */
const prod = (pattern: string, operator = "ArnLike") =>
  prodTrusting({ [operator]: { "aws:PrincipalArn": pattern } });

const creates = (resource: string | string[]) => ({
  Effect: "Allow",
  Action: ["iam:CreateRole", "iam:PutRolePolicy", "sts:AssumeRole"],
  Resource: resource,
});

test("a role that may create any role names one to fit a trust's aws:PrincipalArn pattern, and reaches the role", () => {
  const path = pathFrom(CI, prod(role("deploy-*")), dev([creates(role("*"))]));
  assert.equal(path?.certainty, "yes");
  assert.equal(path?.selfGrant, "iam:CreateRole");
});

test("a role that may create roles only under names the pattern rules out reaches nothing through them", () => {
  assert.equal(pathFrom(CI, prod(role("deploy-*")), dev([creates(role("app-*"))])), undefined);
});

test("the name meets both the caller's allowed names and the trust's pattern", () => {
  const path = pathFrom(CI, prod(role("deploy-*")), dev([creates(role("*-prod"))]));
  assert.equal(path?.certainty, "yes");
});

test("a trust naming one exact ARN of a principal that does not exist admits the one the caller creates under that name", () => {
  const path = pathFrom(CI, prod(role("release"), "ArnEquals"), dev([creates(role("*"))]));
  assert.equal(path?.certainty, "yes");
});

test("a user the caller creates is named to fit too", () => {
  const alice = [
    {
      Effect: "Allow",
      Action: ["iam:CreateUser", "iam:PutUserPolicy", "iam:CreateAccessKey"],
      Resource: `arn:aws:iam::${DEV}:user/*`,
    },
  ];
  const path = pathFrom(ALICE, prod(`arn:aws:iam::${DEV}:user/ops/*`), dev([], alice));
  assert.equal(path?.certainty, "yes");
  assert.equal(path?.selfGrant, "iam:CreateUser");
});

test("a role that creates roles with any tags meets a trust's condition on the principal's tags", () => {
  const tagged = prodTrusting({ StringEquals: { "aws:PrincipalTag/team": "ops" } });
  assert.equal(pathFrom(CI, tagged, dev([creates(role("*"))]))?.certainty, "yes");
});

/** Creating a role and putting a policy on it, without sts:AssumeRole: a role it creates trusts it, which is enough in its account. */
const CREATE_ONLY = { Effect: "Allow", Action: ["iam:CreateRole", "iam:PutRolePolicy"], Resource: role("*") };

test("a name the account already gives a principal is none the caller can create", () => {
  const taken = snapshotWith({
    accountId: DEV,
    roles: [
      roleIn(DEV, "CI", doc(CREATE_ONLY), trusting(`arn:aws:iam::${DEV}:root`)),
      // Not CI's to assume: it could give it a policy but never act as it.
      roleIn(DEV, "release", doc(), trusting(`arn:aws:iam::${PROD}:root`)),
    ],
  });
  assert.equal(pathFrom(CI, prod(role("release"), "ArnEquals"), taken), undefined);
  // The same name free, the role CI creates under it is let in.
  assert.equal(pathFrom(CI, prod(role("release"), "ArnEquals"), dev([CREATE_ONLY]))?.certainty, "yes");
});

test("a Deny of the caller's on the names the pattern allows leaves it no name that fits", () => {
  const denied = { Effect: "Deny", Action: "iam:CreateRole", Resource: role("deploy-*") };
  assert.equal(pathFrom(CI, prod(role("deploy-*")), dev([creates(role("*")), denied])), undefined);
});

test("a name the caller may create only under a condition the snapshot cannot decide makes the path conditional", () => {
  const fromOffice = { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } };
  const path = pathFrom(CI, prod(role("deploy-*")), dev([{ ...creates(role("*")), Condition: fromOffice }]));
  assert.equal(path?.certainty, "maybe");
});

test("a user the caller creates is named to fit a trust's condition on aws:username", () => {
  const byName = prodTrusting({ StringLike: { "aws:username": "release-*" } });
  const alice = [
    {
      Effect: "Allow",
      Action: ["iam:CreateUser", "iam:PutUserPolicy", "iam:CreateAccessKey"],
      Resource: `arn:aws:iam::${DEV}:user/*`,
    },
  ];
  assert.equal(pathFrom(ALICE, byName, dev([], alice))?.certainty, "yes");
  // A role's session has no aws:username: no role it creates meets it.
  assert.equal(pathFrom(CI, byName, dev([creates(role("*"))])), undefined);
});

test("a name the search gives up on, between a trust's pattern and the names the caller may create, leaves the path conditional", () => {
  // Two orders of the same 22 letters: names fitting both exist (the two written one after the
  // other), but finding a shortest one takes more steps than the search is allowed.
  const letters = "abcdefghijklmnopqrstuv".split("");
  const shuffled = [...letters].sort((p, q) => ((p.charCodeAt(0) * 7) % 13) - ((q.charCodeAt(0) * 7) % 13));
  const trust = role(`deploy-*${letters.join("*")}*`);
  const allowed = role(`deploy-*${shuffled.join("*")}*`);
  const path = pathFrom(CI, prod(trust), dev([creates(allowed)]));
  assert.ok(path, "the path is shown");
  assert.equal(path.certainty, "maybe");
  assert.equal(path.selfGrant, "iam:CreateRole");
});
