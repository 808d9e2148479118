import assert from "node:assert/strict";
import { test } from "node:test";
import { ALICE, CI, dev, pathFrom, prodTrusting } from "./new-principal-fixture.js";
import { DEV, orgReportFixture } from "./org-fixture.js";

/**
 * A principal that may create a role or a user and give it any policy acts through it: the new
 * role trusts it (in its own account, naming it is enough), the new user signs with the access key
 * made for it, and either assumes the roles of other accounts that trust its account.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
 */
const APPS = `arn:aws:iam::${DEV}:role/app-*`;
const TEMP = `arn:aws:iam::${DEV}:user/temp-*`;
const DENY_ASSUME = { Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" };

/** Production's Deploy, an administrator, trusts the whole dev account. */
const prod = prodTrusting();

const CREATE_APPS = { Effect: "Allow", Action: ["iam:CreateRole", "iam:PutRolePolicy"], Resource: APPS };

test("a role that may create roles and put any policy on them reaches the roles trusting its account", async () => {
  const path = pathFrom(CI, prod, dev([CREATE_APPS]));
  assert.equal(path?.certainty, "yes");
  assert.equal(path?.selfGrant, "iam:CreateRole");
  const report = await orgReportFixture([prod, dev([CREATE_APPS])]);
  const row = report.crossAccountPaths.find((p) => p.from.principalArn === CI);
  assert.match(
    row?.title ?? "",
    /CI \(222222222222\) can act as a role it creates with any policy and assume Deploy/,
  );
  assert.equal(row?.severity, "high");
});

test("a role it creates is out of reach where its own Deny refuses it sts:AssumeRole", () => {
  assert.equal(pathFrom(CI, prod, dev([CREATE_APPS, DENY_ASSUME])), undefined);
});

test("a user that may create users, put any policy on them and make their keys reaches on through them, whatever its own Denies", () => {
  const alice = [
    {
      Effect: "Allow",
      Action: ["iam:CreateUser", "iam:PutUserPolicy", "iam:CreateAccessKey"],
      Resource: TEMP,
    },
    DENY_ASSUME,
  ];
  const path = pathFrom(ALICE, prod, dev([], alice));
  assert.equal(path?.certainty, "yes");
  assert.equal(path?.selfGrant, "iam:CreateUser");
  // Without the key, the new user makes no request.
  const noKey = [{ ...alice[0], Action: ["iam:CreateUser", "iam:PutUserPolicy"] }];
  assert.equal(pathFrom(ALICE, prod, dev([], noKey)), undefined);
});
