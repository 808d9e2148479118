import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { readOfflineSnapshot } from "../../../../core/engine/snapshot/offline.js";
import { managedPolicies } from "../../../helpers/catalog.js";
import { realData } from "../../../helpers/paths.js";
import { snapshotWith, user } from "../../../helpers/snapshot-fixture.js";
import { findingsOf, pathIds, run } from "./fixture.js";

const file = realData("cloudsplaining", "example-gaad-iam-vulnerable.json");
const snapshot = readOfflineSnapshot({
  snapshot: { file, text: readFileSync(file, "utf8") },
  collectedAt: new Date("2023-03-10T00:00:00Z"),
});
const findings = run(snapshot);
const principals = [...snapshot.users, ...snapshot.roles, ...snapshot.groups];
const escalation = (arn: string) => findingsOf(findings, "privilege-escalation", arn)[0];

/**
 * The four privesc* principals nothing can be escalated from, each checked below for its reason.
 * iam-vulnerable's own Terraform agrees: privesc-AssumeRole.tf gives the start user an access key
 * and no policy (the chain starts from the deployer's role, var.aws_assume_role_arn);
 * tool-testing/privesc-permissive-role-trust.tf is "a role that does not have any policies
 * attached", kept to show an account-root trust; the two groups are where the AttachGroupPolicy
 * and PutGroupPolicy principals write. Recall is therefore counted over the 75 that hold a
 * permission: all are flagged but three (72 of the 79 privesc and fn names), the AddUserToGroup role
 * and the SetDefaultPolicyVersion user and role below.
 */
const EMPTY = [
  "user/privesc-AssumeRole-start-user",
  "role/privesc-permissive-role-trust",
  "group/privesc11-PutGroupPolicy-group",
  "group/privesc8-AttachGroupPolicy-group",
];
/**
 * iam:AddUserToGroup adds users only: the role allowed it (and nothing else) cannot join a group,
 * create a user or take over one, so it cannot escalate by itself. iam-vulnerable deploys the role
 * beside the user of the same method (privesc13-AddUserToGroup.tf); the user is flagged.
 */
const CANNOT_JOIN = "role/privesc13-AddUserToGroup-role";
/**
 * iam:SetDefaultPolicyVersion switches a policy to another of its versions; GetAccountAuthorizationDetails
 * lists every version, and this account's policies have one each (the user's and the role's own
 * included), so the privesc2 user and role have nothing to switch to when the snapshot was taken.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
 */
const ONE_VERSION = /:(user|role)\/privesc2-SetExistingDefaultPolicyVersion-(user|role)$/;
const byName = (name: string) => principals.find((p) => p.name === name)!.arn;
const trustedValues = (r: (typeof snapshot.roles)[number]): string[] =>
  ((r.trustPolicy as { Statement: { Principal: unknown }[] }).Statement ?? []).flatMap((s) =>
    s.Principal === "*" ? ["*"] : Object.values(s.Principal as Record<string, string | string[]>).flat(),
  );

test("iam-vulnerable: every privesc* and fn* principal holding permissions is flagged, with its path named", () => {
  const expected = principals.filter((p) => /^(privesc|fn\d)/.test(p.name));
  assert.equal(expected.length, 79);
  const holding = expected.filter((p) => !EMPTY.some((suffix) => p.arn.endsWith(suffix)));
  assert.equal(holding.length, 75);
  assert.equal(holding.filter((p) => ONE_VERSION.test(p.arn)).length, 2);
  const admins: string[] = [];
  for (const p of holding) {
    // An administrator (the end of the AssumeRole chain) is flagged once, as admin-access.
    if (findingsOf(findings, "admin-access", p.arn).length > 0) {
      assert.equal(
        escalation(p.arn),
        undefined,
        `${p.arn}: admin-access, not a privilege-escalation beside it`,
      );
      admins.push(p.name);
      continue;
    }
    const finding = escalation(p.arn);
    if (p.arn.endsWith(CANNOT_JOIN)) {
      assert.equal(finding, undefined, `${p.arn} cannot join a group`);
      continue;
    }
    if (ONE_VERSION.test(p.arn)) {
      const own = p.attachedPolicyArns.map((arn) => snapshot.managedPolicies[arn]!);
      assert.deepEqual(
        own.map((m) => m.versionCount),
        [1],
      );
      assert.equal(finding, undefined, `${p.arn} has no other version to switch to`);
      continue;
    }
    assert.ok(finding, `${p.arn} is flagged`);
    const chains = (finding.evidence.chains as unknown[]).length;
    assert.ok(pathIds(finding).length + chains > 0, `${p.arn} names a path`);
  }
  assert.deepEqual(admins, ["privesc-AssumeRole-ending-role", "privesc-high-priv-service-role"]);
  for (const suffix of EMPTY) {
    const arn = principals.find((p) => p.arn.endsWith(suffix))!.arn;
    assert.deepEqual(
      findings.filter((f) => f.principalArn === arn).map((f) => f.kind),
      [],
      `${arn} has nothing to flag`,
    );
  }
});

test("iam-vulnerable: the AssumeRole start user holds no policy and no trust policy names it, so it can call nothing", () => {
  const start = snapshot.users.find((u) => u.name === "privesc-AssumeRole-start-user")!;
  assert.deepEqual([start.inlinePolicies, start.attachedPolicyArns, start.groups], [[], [], []]);
  // A same-account trust policy naming the user would let it in with no identity policy at all.
  for (const r of snapshot.roles) {
    for (const value of trustedValues(r))
      assert.ok(value !== start.arn && value !== "*", `${r.name} trusts ${value}`);
  }
});

test("iam-vulnerable: the account-root trust role holds no policy, so no escalation starts from it or goes through it", () => {
  const permissive = snapshot.roles.find((r) => r.name === "privesc-permissive-role-trust")!;
  assert.deepEqual(trustedValues(permissive), [`arn:aws:iam::${snapshot.accountId}:root`]);
  assert.deepEqual([permissive.inlinePolicies, permissive.attachedPolicyArns], [[], []]);
  const through = findingsOf(findings, "privilege-escalation").filter((f) =>
    JSON.stringify(f.evidence).includes(permissive.arn),
  );
  assert.deepEqual(through, []);
});

test("iam-vulnerable: the two target groups hold no policy; the principals that write to them are flagged", () => {
  for (const name of ["privesc8-AttachGroupPolicy-group", "privesc11-PutGroupPolicy-group"]) {
    const group = snapshot.groups.find((g) => g.name === name)!;
    assert.deepEqual([group.inlinePolicies, group.attachedPolicyArns], [[], []]);
  }
  assert.deepEqual(pathIds(escalation(byName("privesc8-AttachGroupPolicy-user"))), ["iam-010"]);
  assert.deepEqual(pathIds(escalation(byName("privesc11-PutGroupPolicy-user"))), ["iam-011"]);
});

test("iam-vulnerable: fp1-fp5 (Deny, Deny in another policy, AWS-managed-only resources, an expired condition) are not flagged", () => {
  const decoys = principals.filter((p) => /^fp\d/.test(p.name));
  assert.equal(decoys.length, 10);
  for (const p of decoys) assert.equal(escalation(p.arn), undefined, p.arn);
});

test("iam-vulnerable: the named cases take the paths their names say", () => {
  assert.deepEqual(pathIds(escalation(byName("fn1-privesc3-partial-user"))), ["ec2-001"]);
  assert.deepEqual(pathIds(escalation(byName("fn2-exploitableResourceConstraint-user"))), ["iam-001"]);
  assert.deepEqual(pathIds(escalation(byName("privesc15-PassExistingRoleToNewLambdaThenInvoke-user"))), [
    "lambda-001",
  ]);
  assert.ok(pathIds(escalation(byName("fn4-exploitableNotAction-user"))).includes("iam-007"));
  const chains = escalation(byName("privesc-AssumeRole-starting-role"))!.evidence.chains as {
    roles: { arn: string }[];
  }[];
  assert.deepEqual(
    chains[0]!.roles.map((r) => r.arn.split("/").pop()),
    ["privesc-AssumeRole-intermediate-role", "privesc-AssumeRole-ending-role"],
  );
});

test("iam-vulnerable: admin roles are admin-access, and the whole run raises no detector warning", () => {
  const admins = findingsOf(findings, "admin-access").map((f) => f.principalArn!.split("/").pop());
  assert.ok(admins.includes("OrganizationAccountAccessRole"));
  assert.ok(admins.includes("privesc-high-priv-service-role"));
});

test("every AWS managed policy: AdministratorAccess is admin, IAMFullAccess escalates, ReadOnlyAccess does not", () => {
  const documents = managedPolicies();
  const flagged = new Map<string, string[]>();
  for (const [name, value] of Object.entries(documents)) {
    const arn = `arn:aws:iam::aws:policy/${name}`;
    const subject = user("subject", { attachedPolicyArns: [arn] });
    const kinds = run(
      snapshotWith({
        users: [subject],
        managedPolicies: {
          [arn]: {
            arn,
            name,
            isAwsManaged: true,
            defaultVersionId: "v1",
            document: value.PolicyVersion.Document,
          },
        },
      }),
    ).map((f) => f.kind);
    flagged.set(name, kinds);
  }
  assert.equal(flagged.size, Object.keys(documents).length);
  assert.ok(flagged.get("AdministratorAccess")!.includes("admin-access"));
  assert.ok(flagged.get("IAMFullAccess")!.includes("privilege-escalation"));
  assert.equal(flagged.get("ReadOnlyAccess")!.includes("privilege-escalation"), false);
  assert.equal(flagged.get("ReadOnlyAccess")!.includes("admin-access"), false);
});

test("iam-vulnerable: the IAM Identity Center roles pin SAML:aud, so no SAML trust is flagged", () => {
  const sso = snapshot.roles.filter((r) => r.name.startsWith("AWSReservedSSO_"));
  assert.ok(sso.length > 0);
  for (const r of sso) assert.deepEqual(findingsOf(findings, "trust-saml-no-audience", r.arn), [], r.arn);
  assert.deepEqual(findingsOf(findings, "trust-saml-no-audience"), []);
});
