import type { Template } from "aws-cdk-lib/assertions";
import type { Finding } from "../../core/engine/findings/types.js";
import type { ManagedPolicy, Role } from "../../core/engine/snapshot/model.js";
import { type Placeholders, resolveIntrinsics } from "./cloudformation.js";
import { permissiveFindings } from "./findings.js";
import { snapshotWith } from "./snapshot-fixture.js";

export interface Statement {
  effect: string;
  actions: string[];
  resources: string[];
}

export interface RolePolicies {
  /** The role's logical id. */
  name: string;
  trustPolicy: unknown;
  managedPolicyArns: string[];
  /** Inline policies (CDK's AWS::IAM::Policy resources attached to the role). */
  documents: { name: string; document: unknown }[];
  statements: Statement[];
}

/**
 * The AWS managed policies a function role may carry, with their documents; any other is an error,
 * so a managed policy cannot join a role without the dogfood test reading it.
 */
const AWS_MANAGED: Record<string, unknown> = {
  "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole": {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: "*",
      },
    ],
  },
};

const list = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

const statement = (s: Record<string, unknown>): Statement => ({
  effect: String(s.Effect),
  actions: list(s.Action),
  resources: list(s.Resource),
});

/** The roles of Lambda functions and state machines in a template, inline policies resolved to plain ARNs. */
export function functionRoles(template: Template, p: Placeholders): RolePolicies[] {
  const resources = template.toJSON().Resources as Placeholders["resources"];
  const roles = new Map<string, RolePolicies>();
  for (const fn of Object.values(resources)) {
    const roleProperty = { "AWS::Lambda::Function": "Role", "AWS::StepFunctions::StateMachine": "RoleArn" }[
      fn.Type
    ];
    if (!roleProperty) continue;
    const role = fn.Properties?.[roleProperty] as { "Fn::GetAtt"?: [string, string] } | undefined;
    const roleId = role?.["Fn::GetAtt"]?.[0] ?? "";
    const roleResource = resources[roleId];
    const managedPolicyArns = list(resolveIntrinsics(roleResource?.Properties?.ManagedPolicyArns, p));
    const statements: Statement[] = [];
    for (const arn of managedPolicyArns) {
      const document = AWS_MANAGED[arn] as { Statement: Record<string, unknown>[] } | undefined;
      if (!document)
        throw new Error(`${roleId} has the managed policy ${arn}, whose document the test does not know`);
      statements.push(...document.Statement.map(statement));
    }
    roles.set(roleId, {
      name: roleId,
      trustPolicy: resolveIntrinsics(roleResource?.Properties?.AssumeRolePolicyDocument, p),
      managedPolicyArns,
      documents: [],
      statements,
    });
  }
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== "AWS::IAM::Policy") continue;
    const document = resolveIntrinsics(resource.Properties?.PolicyDocument, p) as {
      Statement: Record<string, unknown>[];
    };
    for (const ref of (resource.Properties?.Roles ?? []) as { Ref: string }[]) {
      const role = roles.get(ref.Ref);
      if (!role) continue;
      role.documents.push({ name: id, document });
      role.statements.push(...document.Statement.map(statement));
    }
  }
  return [...roles.values()];
}

/** Runs Whittle's permission and trust detectors over the roles, as if they were an account's. */
export function dogfood(roles: readonly RolePolicies[], account: string): Finding[] {
  const snapshotRoles: Role[] = roles.map((r) => ({
    arn: `arn:aws:iam::${account}:role/${r.name}`,
    id: `AROA${r.name.toUpperCase().slice(0, 16)}`,
    path: "/",
    name: r.name,
    createDate: "2026-11-22T00:00:00.000Z",
    attachedPolicyArns: r.managedPolicyArns,
    inlinePolicies: r.documents.map((d) => ({ name: d.name, document: d.document })),
    tags: [],
    trustPolicy: r.trustPolicy,
    instanceProfiles: [],
    serviceLinked: false,
  }));
  const managedPolicies: Record<string, ManagedPolicy> = {};
  for (const arn of new Set(roles.flatMap((r) => r.managedPolicyArns))) {
    const name = arn.slice(arn.lastIndexOf("/") + 1);
    managedPolicies[arn] = {
      arn,
      name,
      isAwsManaged: true,
      defaultVersionId: "v1",
      document: AWS_MANAGED[arn],
    };
  }
  const snapshot = snapshotWith({ accountId: account, roles: snapshotRoles, managedPolicies });
  return permissiveFindings(snapshot);
}
