import assert from "node:assert/strict";
import { test } from "node:test";
import { attribute, isAccountPrincipal } from "../../../core/engine/activity/attribution.js";
import { roleDirectory } from "../../../core/engine/activity/role-directory.js";

const ACCOUNT = "123456789012";

test("an IAM user is its user ARN, with the access key it signed with", () => {
  const who = attribute({
    type: "IAMUser",
    arn: `arn:aws:iam::${ACCOUNT}:user/ops/alice`,
    accountId: ACCOUNT,
    accessKeyId: "AKIAEXAMPLE",
  });
  assert.deepEqual(who, {
    principal: { kind: "user", id: `arn:aws:iam::${ACCOUNT}:user/ops/alice`, accountId: ACCOUNT },
    accessKeyId: "AKIAEXAMPLE",
  });
});

test("an assumed role is the role from the session issuer, path included, not the session", () => {
  const who = attribute({
    type: "AssumedRole",
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/session-1`,
    accountId: ACCOUNT,
    accessKeyId: "ASIAEXAMPLE",
    sessionContext: { sessionIssuer: { type: "Role", arn: `arn:aws:iam::${ACCOUNT}:role/ci/deployer` } },
  });
  assert.equal(who.principal.kind, "role");
  assert.equal(who.principal.id, `arn:aws:iam::${ACCOUNT}:role/ci/deployer`);
});

test("without a session issuer the role is rebuilt from the session ARN", () => {
  const who = attribute({ type: "AssumedRole", arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/s` });
  assert.equal(who.principal.id, `arn:aws:iam::${ACCOUNT}:role/deployer`);
});

test("without a session issuer the snapshot's role of that name gives the path back, in its account only", () => {
  const roles = roleDirectory([
    { name: "deployer", arn: `arn:aws:iam::${ACCOUNT}:role/ci/deployer`, instanceProfiles: [] },
  ]);
  const here = attribute(
    { type: "AssumedRole", arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/s` },
    roles,
  );
  assert.equal(here.principal.id, `arn:aws:iam::${ACCOUNT}:role/ci/deployer`);
  const elsewhere = attribute(
    { type: "AssumedRole", arn: "arn:aws:sts::999999999999:assumed-role/deployer/s" },
    roles,
  );
  assert.equal(elsewhere.principal.id, "arn:aws:iam::999999999999:role/deployer");
});

test("an IAM Identity Center permission set role is flagged", () => {
  const who = attribute({
    type: "AssumedRole",
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com`,
    sessionContext: {
      sessionIssuer: {
        arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`,
      },
    },
  });
  assert.equal(who.principal.kind, "role");
  assert.equal(who.principal.identityCenter, true);
});

test("the root user is the account's root ARN, from the ARN or the account id", () => {
  assert.equal(
    attribute({ type: "Root", arn: `arn:aws:iam::${ACCOUNT}:root` }).principal.id,
    `arn:aws:iam::${ACCOUNT}:root`,
  );
  assert.equal(
    attribute({ type: "Root", accountId: ACCOUNT, arn: "" }).principal.id,
    `arn:aws:iam::${ACCOUNT}:root`,
  );
});

test("a user or the root user without an ARN is named in the partition of the record's region", () => {
  const user = { type: "IAMUser", accountId: ACCOUNT, userName: "alice" };
  assert.equal(
    attribute(user, undefined, "us-gov-west-1").principal.id,
    `arn:aws-us-gov:iam::${ACCOUNT}:user/alice`,
  );
  assert.equal(
    attribute(user, undefined, "cn-north-1").principal.id,
    `arn:aws-cn:iam::${ACCOUNT}:user/alice`,
  );
  assert.equal(attribute(user, undefined, "eu-west-1").principal.id, `arn:aws:iam::${ACCOUNT}:user/alice`);
  assert.equal(
    attribute({ type: "Root", accountId: ACCOUNT }, undefined, "us-isob-east-1").principal.id,
    `arn:aws-iso-b:iam::${ACCOUNT}:root`,
  );
});

test("a federated session is credited to the IAM user that called GetFederationToken", () => {
  const who = attribute({
    type: "FederatedUser",
    arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob`,
    accountId: ACCOUNT,
    accessKeyId: "ASIAFEDERATED",
    sessionContext: { sessionIssuer: { type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/ops/broker` } },
  });
  assert.deepEqual(who, {
    principal: { kind: "user", id: `arn:aws:iam::${ACCOUNT}:user/ops/broker`, accountId: ACCOUNT },
  });
});

test("a federated session without its issuer stays a federated user", () => {
  const who = attribute({ type: "FederatedUser", arn: `arn:aws:sts::${ACCOUNT}:federated-user/bob` });
  assert.deepEqual(who.principal, {
    kind: "federated-user",
    id: `arn:aws:sts::${ACCOUNT}:federated-user/bob`,
  });
});

test("a GetSessionToken session is the user's, but its ASIA key is not the user's access key", () => {
  const who = attribute({
    type: "IAMUser",
    arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    accessKeyId: "ASIASESSION",
  });
  assert.deepEqual(who, { principal: { kind: "user", id: `arn:aws:iam::${ACCOUNT}:user/alice` } });
});

test("AWS services and other accounts are recorded apart from the account's principals", () => {
  const service = attribute({ type: "AWSService", invokedBy: "lambda.amazonaws.com" }).principal;
  const other = attribute({ type: "AWSAccount", accountId: "111122223333", principalId: "AROA:x" }).principal;
  assert.deepEqual(service, { kind: "aws-service", id: "service:lambda.amazonaws.com" });
  assert.deepEqual(other, { kind: "aws-account", id: "account:111122223333", accountId: "111122223333" });
  assert.equal(isAccountPrincipal(service), false);
  assert.equal(isAccountPrincipal(other), false);
  assert.equal(isAccountPrincipal(attribute({ type: "Root", accountId: ACCOUNT }).principal), true);
});

test("web identity and SAML callers are external", () => {
  assert.equal(
    attribute({ type: "WebIdentityUser", principalId: "accounts.google.com:1" }).principal.kind,
    "web-identity",
  );
  assert.equal(attribute({ type: "SAMLUser", principalId: "idp:alice" }).principal.kind, "saml");
});

test("a missing or unusable identity is unknown, never a crash", () => {
  assert.deepEqual(attribute(undefined).principal, { kind: "unknown", id: "unknown:none" });
  assert.deepEqual(attribute({ type: "IAMUser" }).principal, { kind: "unknown", id: "unknown:IAMUser" });
  assert.deepEqual(attribute({ type: "IdentityCenterUser" }).principal, {
    kind: "unknown",
    id: "unknown:IdentityCenterUser",
  });
  assert.equal(
    attribute({ type: "IAMUser", arn: "arn:aws:iam::1:user/a", accessKeyId: "" }).accessKeyId,
    undefined,
  );
});

test("a user's records and federated sessions under a name it had before UpdateUser are its own, by unique id", () => {
  const now = `arn:aws:iam::${ACCOUNT}:user/ops/ci-deployer`;
  const directory = roleDirectory([], { users: [{ name: "ci-deployer", arn: now, id: "AIDACI" }] });
  const before = `arn:aws:iam::${ACCOUNT}:user/deployer`;
  const signed = attribute(
    { type: "IAMUser", principalId: "AIDACI", arn: before, accountId: ACCOUNT, userName: "deployer" },
    directory,
  );
  assert.equal(signed.principal.id, now);
  const federated = attribute(
    {
      type: "FederatedUser",
      principalId: `${ACCOUNT}:build`,
      arn: `arn:aws:sts::${ACCOUNT}:federated-user/build`,
      accountId: ACCOUNT,
      sessionContext: {
        sessionIssuer: { type: "IAMUser", principalId: "AIDACI", arn: before, accountId: ACCOUNT },
      },
    },
    directory,
  );
  assert.equal(federated.principal.id, now);
  // Another user's id, or one of another account, leaves the ARN as recorded.
  const other = attribute(
    { type: "IAMUser", principalId: "AIDAOTHER", arn: before, accountId: ACCOUNT, userName: "deployer" },
    directory,
  );
  assert.equal(other.principal.id, before);
  const elsewhere = attribute(
    {
      type: "IAMUser",
      principalId: "AIDACI",
      arn: "arn:aws:iam::444455556666:user/x",
      accountId: "444455556666",
    },
    directory,
  );
  assert.equal(elsewhere.principal.id, "arn:aws:iam::444455556666:user/x");
});
