import { Effect, PolicyStatement, Role } from "aws-cdk-lib/aws-iam";
import { type Api, type FunctionProps, Function as SstFunction, type Stack } from "sst/constructs";
import { CHANGE_ACTIONS, CHANGE_WRITE_ACTIONS, type ChangeResource } from "../core/aws/iam-change-actions.js";
import type { OwnResources } from "./permissions.js";
import type { DeploymentSettings } from "./settings.js";

/** The remediation routes, served by their own function (functions/remediation-api.ts serves the same keys). */
export const REMEDIATION_ROUTES = [
  "POST /accounts/{accountId}/audits/{id}/plans/{planId}/approval",
  "POST /accounts/{accountId}/audits/{id}/plans/{planId}/apply",
  "GET /accounts/{accountId}/changes",
  "GET /accounts/{accountId}/changes/{changeId}",
  "POST /accounts/{accountId}/changes/{changeId}/rollback",
] as const;

/** The reads apply and rollback make of AWS managed policies (iam-state.ts, plan-reattach.ts). */
export const AWS_MANAGED_READS = ["iam:GetPolicy", "iam:GetPolicyVersion"];

/** Where change backups are written in the reports bucket (functions/remediation/runtime.ts). */
const BACKUPS = "changes/*";

/**
 * Exactly the IAM calls apply and rollback make (core/aws/iam-change-actions.ts), each on this
 * account's resources of the type IAM authorizes it on; then the bucket's change backups, the
 * reports (to read plans) and the table (runs, approvals, change records).
 */
export function remediationStatements(own: OwnResources): PolicyStatement[] {
  const types: ChangeResource[] = ["policy", "user", "role", "group"];
  const iam = types.map(
    (type) =>
      new PolicyStatement({
        sid: `Change${type[0]!.toUpperCase()}${type.slice(1)}s`,
        effect: Effect.ALLOW,
        actions: CHANGE_ACTIONS.filter((a) => a.resource === type).map((a) => a.action),
        resources: [`arn:${own.partition}:iam::${own.account}:${type}/*`],
      }),
  );
  return [
    ...iam,
    // AWS managed policies live in the account "aws": apply reads the default version of those kept
    // beside a change (its drift check) and whether one it detaches may be attached again.
    new PolicyStatement({
      sid: "ReadAwsManagedPolicies",
      effect: Effect.ALLOW,
      actions: AWS_MANAGED_READS,
      resources: [`arn:${own.partition}:iam::aws:policy/*`],
    }),
    new PolicyStatement({
      sid: "ChangeBackups",
      actions: ["s3:PutObject", "s3:GetObject"],
      resources: [`${own.bucketArn}/${BACKUPS}`],
    }),
    new PolicyStatement({
      sid: "ReadPlans",
      actions: ["s3:GetObject"],
      resources: [`${own.bucketArn}/reports/*`],
    }),
    // Without ListBucket a missing object reads as AccessDenied, and a missing backup could not be told apart.
    new PolicyStatement({
      sid: "ListReportsAndBackups",
      actions: ["s3:ListBucket"],
      resources: [own.bucketArn],
      conditions: { StringLike: { "s3:prefix": ["reports/*", BACKUPS] } },
    }),
    new PolicyStatement({
      sid: "RunsApprovalsChanges",
      actions: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"],
      resources: [own.tableArn],
    }),
    ...(own.kmsKeyArn
      ? [
          new PolicyStatement({
            sid: "ReportsKey",
            actions: ["kms:Decrypt", "kms:GenerateDataKey"],
            resources: [own.kmsKeyArn],
          }),
        ]
      : []),
  ];
}

/**
 * Whatever a plan says, the remediation role never changes the auditor's own roles (its own
 * included), org mode's member role, IAM Identity Center's roles or service-linked roles: an
 * explicit Deny, which no Allow overrides.
 */
export function protectedRolesStatement(own: OwnResources, roleArns: string[], memberRoleName: string) {
  const role = (name: string) => `arn:${own.partition}:iam::${own.account}:role/${name}`;
  return new PolicyStatement({
    sid: "NeverChangeProtectedRoles",
    effect: Effect.DENY,
    actions: [...CHANGE_WRITE_ACTIONS],
    resources: [...roleArns, role(memberRoleName), role("aws-reserved/*"), role("aws-service-role/*")],
  });
}

/**
 * The opt-in remediation function and its routes on the API. Called after every other construct of
 * the stack, so its Deny names every role the stack has.
 */
export function remediation(
  stack: Stack,
  deps: {
    api: Api;
    own: OwnResources;
    settings: DeploymentSettings;
    environment: Record<string, string>;
    defaults: Partial<FunctionProps>;
  },
): SstFunction {
  const fn = new SstFunction(stack, "Remediation", {
    ...deps.defaults,
    handler: "functions/remediation-api.handler",
    // API Gateway answers after 30 s; the function finishes (and records) the change regardless.
    timeout: "2 minutes",
    memorySize: "512 MB",
    environment: deps.environment,
    permissions: remediationStatements(deps.own),
  });
  const roles = stack.node.findAll().filter((c): c is Role => c instanceof Role);
  fn.addToRolePolicy(
    protectedRolesStatement(
      deps.own,
      roles.map((r) => r.roleArn),
      deps.settings.memberRoleName,
    ),
  );
  deps.api.addRoutes(stack, Object.fromEntries(REMEDIATION_ROUTES.map((route) => [route, { function: fn }])));
  return fn;
}
