import assert from "node:assert/strict";
import { before, test } from "node:test";
import type { Template } from "aws-cdk-lib/assertions";
import { CHANGE_ACTIONS, CHANGE_WRITE_ACTIONS } from "../../core/aws/iam-change-actions.js";
import { REMEDIATION_HANDLERS } from "../../functions/remediation-api.js";
import { REMEDIATION_ROUTES } from "../../stacks/remediation.js";
import { API_ROUTES } from "../../stacks/routes.js";
import { type Placeholders, resolveIntrinsics } from "../helpers/cloudformation.js";
import { dogfood, functionRoles, type RolePolicies } from "../helpers/stack-roles.js";
import { STACK_ACCOUNT, synthWhittle } from "../helpers/synth.js";

const ACCOUNT = STACK_ACCOUNT;
const WRITES = new Set(CHANGE_WRITE_ACTIONS);

let off: Template;
let on: Template;
let remediationRole: RolePolicies;
before(async () => {
  ({ template: off } = await synthWhittle({ WHITTLE_TRAIL_BUCKET: "org-trail-logs" }));
  ({ template: on } = await synthWhittle({
    WHITTLE_TRAIL_BUCKET: "org-trail-logs",
    WHITTLE_REMEDIATION: "true",
  }));
  const roles = functionRoles(on, placeholders(on));
  const found = roles.find((r) => r.name.startsWith("Remediation"));
  assert.ok(found, roles.map((r) => r.name).join(", "));
  remediationRole = found;
});

const placeholders = (template: Template): Placeholders => ({
  account: ACCOUNT,
  region: "us-east-1",
  resources: template.toJSON().Resources,
});

interface AnyStatement {
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: unknown;
}

/** Every statement of every identity policy in the template, with the role(s) it belongs to. */
function identityStatements(template: Template): { roles: string[]; statement: AnyStatement }[] {
  const p = placeholders(template);
  const out: { roles: string[]; statement: AnyStatement }[] = [];
  for (const [id, resource] of Object.entries(p.resources)) {
    const props = resource.Properties ?? {};
    const documents =
      resource.Type === "AWS::IAM::Policy"
        ? [{ roles: ((props.Roles ?? []) as { Ref: string }[]).map((r) => r.Ref), doc: props.PolicyDocument }]
        : resource.Type === "AWS::IAM::Role"
          ? ((props.Policies ?? []) as { PolicyDocument: unknown }[]).map((x) => ({
              roles: [id],
              doc: x.PolicyDocument,
            }))
          : [];
    for (const { roles, doc } of documents) {
      const resolved = resolveIntrinsics(doc, p) as { Statement: AnyStatement[] };
      for (const statement of resolved.Statement) out.push({ roles, statement });
    }
  }
  return out;
}

const actions = (s: AnyStatement) => [s.Action].flat();

test("off by default: nothing in the stack may write IAM, and no remediation route exists", () => {
  const statements = identityStatements(off);
  assert.ok(statements.length > 10);
  for (const { roles, statement } of statements)
    for (const action of actions(statement)) {
      assert.ok(!WRITES.has(action), `${roles}: ${action}`);
      if (action.startsWith("iam:")) assert.match(action, /^iam:(Get|List|Generate)/, `${roles}`);
    }
  const routes = Object.values(off.findResources("AWS::ApiGatewayV2::Route")).map(
    (r) => r.Properties.RouteKey,
  );
  assert.deepEqual(routes.sort(), [...API_ROUTES].sort());
});

test("enabled: the IAM writes are on the remediation role only, and the other roles are as when off", () => {
  for (const { roles: owners, statement } of identityStatements(on)) {
    if (!actions(statement).some((a) => WRITES.has(a))) continue;
    assert.deepEqual(owners, [remediationRole.name], JSON.stringify(statement));
  }
  const others = (template: Template) =>
    functionRoles(template, placeholders(template))
      .filter((r) => !r.name.startsWith("Remediation"))
      .map((r) => ({ name: r.name, statements: r.statements }));
  assert.deepEqual(others(on), others(off));
});

test("enabled: the role allows exactly apply's IAM calls, each on this account's resources of its type", () => {
  const allowed = remediationRole.statements.filter((s) => s.effect === "Allow");
  // AWS managed policies are read where they are, in the account "aws": nothing else there.
  const awsManaged = allowed.filter((s) => s.resources.some((r) => r.includes(":iam::aws:")));
  assert.deepEqual(
    awsManaged.map((s) => ({ actions: [...s.actions].sort(), resources: s.resources })),
    [{ actions: ["iam:GetPolicy", "iam:GetPolicyVersion"], resources: ["arn:aws:iam::aws:policy/*"] }],
  );
  const iam = allowed.filter((s) => !awsManaged.includes(s) && s.actions.some((a) => a.startsWith("iam:")));
  assert.deepEqual(iam.flatMap((s) => s.actions).sort(), CHANGE_ACTIONS.map((a) => a.action).sort());
  for (const s of iam)
    for (const action of s.actions) {
      const type = CHANGE_ACTIONS.find((a) => a.action === action)?.resource;
      assert.deepEqual(s.resources, [`arn:aws:iam::${ACCOUNT}:${type}/*`], action);
    }
  const writes = allowed.filter((s) => s.actions.some((a) => /^(s3:Put|dynamodb:(Put|Update))/.test(a)));
  const [table, backups, ...more] = writes.flatMap((s) => s.resources).sort();
  assert.match(String(table), new RegExp(`^arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/findingstable\\w*$`));
  assert.match(String(backups), /^arn:aws:s3:::reportsbucket\w*\/changes\/\*$/);
  assert.deepEqual(more, []);
});

test("enabled: an explicit Deny keeps every role of the stack, the member role and AWS's own roles out of reach", () => {
  const deny = remediationRole.statements.filter((s) => s.effect === "Deny");
  assert.equal(deny.length, 1);
  assert.deepEqual([...deny[0]!.actions].sort(), [...CHANGE_WRITE_ACTIONS].sort());
  const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
  const stackRoles = Object.entries(on.findResources("AWS::IAM::Role")).map(([id]) => role(id.toLowerCase()));
  assert.ok(stackRoles.includes(role(remediationRole.name.toLowerCase())), "its own role too");
  assert.deepEqual(
    [...deny[0]!.resources].sort(),
    [...stackRoles, role("WhittleAuditReadOnly"), role("aws-reserved/*"), role("aws-service-role/*")].sort(),
  );
});

test("enabled: the remediation routes require IAM authorization and reach the remediation function only", () => {
  assert.deepEqual(Object.keys(REMEDIATION_HANDLERS).sort(), [...REMEDIATION_ROUTES].sort());
  const resources = on.toJSON().Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;
  const routes = Object.values(resources).filter((r) => r.Type === "AWS::ApiGatewayV2::Route");
  assert.deepEqual(
    routes.map((r) => r.Properties.RouteKey).sort(),
    [...API_ROUTES, ...REMEDIATION_ROUTES].sort(),
  );
  for (const route of routes) {
    const key = String(route.Properties.RouteKey);
    assert.equal(route.Properties.AuthorizationType, "AWS_IAM", key);
    const target = route.Properties.Target as { "Fn::Join": [string, [string, { Ref: string }]] };
    const integration = resources[target["Fn::Join"][1][1].Ref];
    assert.ok(integration, key);
    const [fn] = (integration.Properties.IntegrationUri as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"];
    assert.equal(
      fn.startsWith("Remediation"),
      (REMEDIATION_ROUTES as readonly string[]).includes(key),
      `${key} → ${fn}`,
    );
  }
});

test("dogfood: the remediation role's only serious finding is the one it exists for (IAM writes)", () => {
  const serious = dogfood([remediationRole], ACCOUNT).filter(
    (f) => f.severity === "high" || f.severity === "critical",
  );
  assert.deepEqual(
    serious.map((f) => f.kind),
    ["privilege-escalation"],
  );
});
