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
 * In this deployment these hold no permission at all (their policies were not deployed, or they
 * are empty targets such as the groups other paths attach policies to): nothing can be escalated
 * from them, so they are the documented exceptions to "every privesc* principal is flagged".
 */
const EMPTY = [
  "user/privesc-AssumeRole-start-user",
  "role/privesc-permissive-role-trust",
  "group/privesc11-PutGroupPolicy-group",
  "group/privesc8-AttachGroupPolicy-group",
];

test("iam-vulnerable: every privesc* and fn* principal holding permissions is flagged, with its path named", () => {
  const expected = principals.filter((p) => /^(privesc|fn\d)/.test(p.name));
  assert.equal(expected.length, 79);
  const admins: string[] = [];
  for (const p of expected) {
    if (EMPTY.some((suffix) => p.arn.endsWith(suffix))) {
      assert.equal(p.inlinePolicies.length + p.attachedPolicyArns.length, 0, `${p.arn} holds no policy`);
      assert.equal(escalation(p.arn), undefined);
      continue;
    }
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
    assert.ok(finding, `${p.arn} is flagged`);
    const chains = (finding.evidence.chains as unknown[]).length;
    assert.ok(pathIds(finding).length + chains > 0, `${p.arn} names a path`);
  }
  assert.deepEqual(admins, ["privesc-AssumeRole-ending-role", "privesc-high-priv-service-role"]);
});

test("iam-vulnerable: fp1-fp5 (Deny, Deny in another policy, AWS-managed-only resources, an expired condition) are not flagged", () => {
  const decoys = principals.filter((p) => /^fp\d/.test(p.name));
  assert.equal(decoys.length, 10);
  for (const p of decoys) assert.equal(escalation(p.arn), undefined, p.arn);
});

test("iam-vulnerable: the named cases take the paths their names say", () => {
  const byName = (name: string) => principals.find((p) => p.name === name)!.arn;
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
