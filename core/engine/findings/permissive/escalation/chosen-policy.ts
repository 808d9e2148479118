import type { PrincipalAccess } from "../../../account/permissions.js";
import type { ActionInfo } from "../../../catalog/types.js";
import { type RequestContext, substituteVariables } from "../../../policy/context.js";
import { globMatch, hasWildcard } from "../../../policy/glob.js";
import { parsePolicy } from "../../../policy/parse.js";
import type { PermissiveContext } from "../context.js";

/**
 * Condition keys whose value is the managed policy the caller itself picks: iam:PolicyARN for
 * Attach*Policy, iam:PermissionsBoundary for Put*PermissionsBoundary, CreateUser and CreateRole
 * (the new boundary). A
 * condition on them is met by choosing a policy it allows, so it is not a condition the snapshot
 * cannot decide. `escalating`: the AWS managed policies that make the call an escalation whatever
 * the caller had. IAMFullAccess attached lets it write itself anything; as a boundary it would
 * only leave IAM, so there AdministratorAccess alone counts.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_policyarn
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_permissionsboundary
 */
const CHOSEN: Readonly<Record<string, { key: string; escalating: readonly string[] }>> = {
  "iam:AttachUserPolicy": { key: "iam:PolicyARN", escalating: ["AdministratorAccess", "IAMFullAccess"] },
  "iam:AttachRolePolicy": { key: "iam:PolicyARN", escalating: ["AdministratorAccess", "IAMFullAccess"] },
  "iam:AttachGroupPolicy": { key: "iam:PolicyARN", escalating: ["AdministratorAccess", "IAMFullAccess"] },
  "iam:PutUserPermissionsBoundary": { key: "iam:PermissionsBoundary", escalating: ["AdministratorAccess"] },
  "iam:PutRolePermissionsBoundary": { key: "iam:PermissionsBoundary", escalating: ["AdministratorAccess"] },
  // The boundary a new user or role is created with: one allowing everything leaves it all it is granted.
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
  "iam:CreateUser": { key: "iam:PermissionsBoundary", escalating: ["AdministratorAccess"] },
  "iam:CreateRole": { key: "iam:PermissionsBoundary", escalating: ["AdministratorAccess"] },
};

/**
 * The request of a CreateUser or CreateRole that names no permissions boundary, as it may (the
 * parameter is optional): iam:PermissionsBoundary absent, where a Deny of one boundary, or a
 * condition met only by its absence, lets it through with the new principal unbounded. Undefined
 * for other calls. https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
 */
export function withoutBoundary(action: string, context: RequestContext): RequestContext | undefined {
  if (action !== "iam:CreateUser" && action !== "iam:CreateRole") return undefined;
  const { absent } = context;
  return {
    ...context,
    absent: (key) => key.toLowerCase() === "iam:permissionsboundary" || (absent?.(key) ?? false),
  };
}

/** A name the caller picks for what it creates, as targets.ts names new resources. */
const NEW_NAME = "whittle-new";

export interface ChosenPolicies {
  /** The condition key the policy's ARN is given in. */
  key: string;
  /** Policies whose attachment is an escalation, best first: each is tried as the key's value. */
  arns: string[];
}

/**
 * The policies worth trying for a call whose policies test the chosen policy's ARN; undefined when
 * none does (the key then changes no decision). Tried: the escalating AWS managed policies; a
 * policy of the account the conditions name that grants everything; and one the caller creates
 * (iam:CreatePolicy allowed without doubt) under a name the conditions allow, or a name of its own.
 * A harmless policy the conditions name is not tried: attaching it gains nothing for sure.
 */
export function chosenPolicies(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  action: ActionInfo,
  context: RequestContext,
): ChosenPolicies | undefined {
  const spec = CHOSEN[action.key];
  if (!spec) return undefined;
  const key = spec.key.toLowerCase();
  const clauses = subject.permissions
    .statementsNaming(action.id)
    .flatMap((s) => s.statement.conditions)
    .filter((clause) => clause.key.toLowerCase() === key);
  if (clauses.length === 0) return undefined;
  // A value naming a variable the request leaves unknown is not one the caller can aim at.
  const named = clauses
    .flatMap((c) => c.values)
    .flatMap((value) => substituteVariables(value, context) ?? []);
  const partition = subject.principal.arn.split(":")[1] ?? "aws";
  const { accountId, managedPolicies } = ctx.snapshot;
  const awsManaged = spec.escalating.map((name) => `arn:${partition}:iam::aws:policy/${name}`);
  const existing = named.filter((arn) => {
    const policy = managedPolicies[arn];
    return policy !== undefined && grantsEverything(policy.document);
  });
  // A policy the snapshot holds already exists: the caller cannot create it again.
  const created = [
    ...new Set([...named.map((v) => filled(v, partition, accountId)), ownName(partition, accountId)]),
  ].filter((arn) => !managedPolicies[arn] && mayCreate(subject, arn, partition, accountId, context));
  return { key: spec.key, arns: [...new Set([...awsManaged, ...existing, ...created])] };
}

const ownName = (partition: string, accountId: string) =>
  `arn:${partition}:iam::${accountId}:policy/${NEW_NAME}`;

/**
 * A policy ARN of this account the caller may certainly create: the name is its own (a policy
 * with `*` on `*` once created), so attaching it is an escalation. Escaped characters (`${*}`)
 * are left out rather than read.
 */
function mayCreate(
  subject: PrincipalAccess,
  arn: string,
  partition: string,
  accountId: string,
  context: RequestContext,
): boolean {
  if (arn.includes("${") || !arn.startsWith(`arn:${partition}:iam::${accountId}:policy/`)) return false;
  return (
    subject.permissions.evaluate({ action: "iam:CreatePolicy", resource: arn, context }).decision === "Allow"
  );
}

/**
 * A value the conditions name made concrete as the caller would name its policy: wildcards in the
 * partition and account fields take the caller's own where they match them, others a name of its own.
 */
function filled(value: string, partition: string, accountId: string): string {
  const parts = value.split(":");
  if (parts[0] === "arn" && parts.length >= 6) {
    if (hasWildcard(parts[1]!) && globMatch(parts[1]!, partition)) parts[1] = partition;
    if (hasWildcard(parts[4]!) && globMatch(parts[4]!, accountId)) parts[4] = accountId;
  }
  return parts.join(":").replace(/\*/g, NEW_NAME).replace(/\?/g, "x");
}

/**
 * A policy document with an unconditional Allow of `*` on `*` and no Deny: whoever it is attached
 * to (or whose boundary it becomes) is left nothing short of everything by it.
 */
function grantsEverything(document: unknown): boolean {
  const statements = parsePolicy(document, { kind: "identity" }).policy?.statements ?? [];
  return (
    statements.every((s) => s.effect === "Allow") &&
    statements.some(
      (s) =>
        !s.notAction &&
        !s.notResource &&
        s.conditions.length === 0 &&
        s.actions.includes("*") &&
        (s.resources ?? []).includes("*"),
    )
  );
}
