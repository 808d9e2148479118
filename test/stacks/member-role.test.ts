import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { memberRoleTemplate } from "../../stacks/member-role.js";
import { deploymentSettings } from "../../stacks/settings.js";
import type { Placeholders } from "../helpers/cloudformation.js";
import { repoRoot } from "../helpers/paths.js";
import { dogfood, functionRoles, type RolePolicies } from "../helpers/stack-roles.js";
import { STACK_ACCOUNT, synthWhittle } from "../helpers/synth.js";

const ACCOUNT = STACK_ACCOUNT;
const ORG_ENV = { WHITTLE_ORG_MODE: "true", WHITTLE_TRAIL_BUCKET: "org-trail-logs" };

type Template_ = ReturnType<typeof memberRoleTemplate>;
const placeholders: Placeholders = { account: ACCOUNT, region: "us-east-1", resources: {} };
const SUBSTITUTIONS: Record<string, string> = {
  "AWS::Partition": "aws",
  "AWS::AccountId": ACCOUNT,
  AuditorAccountId: "210987654321",
  OrganizationId: "o-exampleorg1",
};

/** The template's Fn::Sub and Ref resolved as CloudFormation would in the member account. */
function resolveMember(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolveMember);
  if (!value || typeof value !== "object") return value;
  const object = value as Record<string, unknown>;
  if (typeof object["Fn::Sub"] === "string")
    return object["Fn::Sub"].replace(
      /\$\{([\w:]+)\}/g,
      (_, name: string) => SUBSTITUTIONS[name] ?? `?${name}`,
    );
  if (typeof object.Ref === "string") return SUBSTITUTIONS[object.Ref] ?? `?${object.Ref}`;
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, resolveMember(v)]));
}

/** The template's permissions as "action resource" pairs, placeholders resolved as in the stack. */
function memberPairs(template: Template_): string[] {
  const document = resolveMember(template.Resources.AuditRole.Properties.Policies[0]?.PolicyDocument) as {
    Statement: { Action: string | string[]; Resource: string[] }[];
  };
  return document.Statement.flatMap((s) =>
    [s.Action].flat().flatMap((a) => s.Resource.map((r) => `${a} ${r}`)),
  ).sort();
}

let workerRole: RolePolicies;
before(async () => {
  const { template } = await synthWhittle(ORG_ENV);
  const roles = functionRoles(template, { ...placeholders, resources: template.toJSON().Resources });
  const found = roles.find((r) => r.name.startsWith("AuditSteps"));
  assert.ok(found, roles.map((r) => r.name).join(", "));
  workerRole = found;
});

test("the member role allows exactly the collector reads of the stack's audit worker (one source)", () => {
  const stackPairs = workerRole.statements
    .flatMap((s) => s.actions.flatMap((a) => s.resources.map((r) => `${a} ${r}`)))
    .filter((p) => /^(iam|cloudtrail):/.test(p) || p.includes("org-trail-logs"))
    .sort();
  assert.ok(stackPairs.length > 0);
  assert.deepEqual(memberPairs(memberRoleTemplate(deploymentSettings(ORG_ENV))), stackPairs);
});

test("the committed template is the one generated for the default settings (npm run member-role)", () => {
  const committed = JSON.parse(readFileSync(join(repoRoot, "stacks", "member-role.template.json"), "utf8"));
  assert.deepEqual(
    committed,
    JSON.parse(JSON.stringify(memberRoleTemplate(deploymentSettings({})))),
    "regenerate it: npm run --silent member-role > stacks/member-role.template.json",
  );
});

test("the trust admits the auditor account only from inside the organization", () => {
  const template = memberRoleTemplate(deploymentSettings({ WHITTLE_MEMBER_ROLE_NAME: "AuditMe" }));
  const role = template.Resources.AuditRole.Properties;
  assert.equal(role.RoleName, "AuditMe");
  assert.deepEqual(
    role.AssumeRolePolicyDocument.Statement.map((s) => s.Condition),
    [{ StringEquals: { "aws:PrincipalOrgID": { Ref: "OrganizationId" } } }],
  );
});

test("dogfood: Whittle's own detectors find nothing high or critical in the member role", () => {
  const template = memberRoleTemplate(deploymentSettings(ORG_ENV));
  const role = template.Resources.AuditRole.Properties;
  const trustPolicy = resolveMember(role.AssumeRolePolicyDocument);
  const document = resolveMember(role.Policies[0]?.PolicyDocument);
  const findings = dogfood(
    [
      {
        name: "AuditRole",
        trustPolicy,
        managedPolicyArns: [],
        documents: [{ name: "WhittleReadOnly", document }],
        statements: [],
      },
    ],
    ACCOUNT,
  );
  const serious = findings.filter((f) => f.severity === "high" || f.severity === "critical");
  assert.deepEqual(
    serious.map((f) => `${f.kind}: ${f.title}`),
    [],
  );
});
