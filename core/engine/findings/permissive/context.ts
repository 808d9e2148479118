import type { PrincipalAccess } from "../../account/permissions.js";
import type { Catalog } from "../../catalog/catalog.js";
import { makeContext, type RequestContext } from "../../policy/context.js";
import type { FindingContext } from "../context.js";
import { anyIpv4Caller } from "./any-ipv4-caller.js";
import { pickedHeaders } from "./caller-headers.js";

/** What the permission and trust analyses read: the snapshot and every principal's compiled policies. */
export type PermissiveContext = Pick<FindingContext, "catalog" | "snapshot" | "account">;

/**
 * The request context exploitation would happen in: the attacker's own fresh session at the time of
 * the snapshot. Keys not set here stay unknown, so conditions on them evaluate to "maybe" — a
 * condition is only taken as false when it is false for any request the principal could make now
 * (e.g. `aws:TokenIssueTime` before a date in the past). The attacker makes its calls over TLS, as
 * the SDKs and the CLI do, and as a principal, not a service (DIRECT_CALL), with the User-Agent and
 * Referer headers that best meet the principal's conditions on them (pickedHeaders).
 */
export function attackContext(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  extra: Record<string, string> = {},
): RequestContext {
  const values: Record<string, string> = {
    "aws:CurrentTime": ctx.snapshot.collectedAt,
    "aws:TokenIssueTime": ctx.snapshot.collectedAt,
    "aws:PrincipalAccount": ctx.snapshot.accountId,
    ...DIRECT_CALL,
    ...pickedHeaders(subject.permissions)?.values,
    ...extra,
  };
  if (subject.type !== "group") values["aws:PrincipalArn"] = subject.principal.arn;
  if (subject.type === "role") values["aws:PrincipalType"] = "AssumedRole";
  if (subject.type === "user") {
    values["aws:username"] = subject.principal.name;
    values["aws:userid"] = subject.principal.id;
    values["aws:PrincipalType"] = "User";
    // A user calling with its own credentials carries its own tags (a role's session may carry
    // session tags instead, so a role's are left undecided).
    for (const tag of "tags" in subject.principal ? subject.principal.tags : [])
      values[`aws:PrincipalTag/${tag.key}`] = tag.value;
  }
  return withoutHeaders(makeContext(values), subject, ownTagsOnly(ctx.catalog, subject));
}

/**
 * Whether every aws:PrincipalTag key a user's call carries is one of the tags the snapshot lists
 * for it: a request signed with its own credentials carries its IAM tags, so a tag it lacks is
 * absent, where IfExists and negated operators hold and Null "true" does. Session tags come only
 * with temporary credentials of a session tagging operation: a role's sessions may carry them,
 * and so may the federated sessions of a user that may call sts:GetFederationToken, which are
 * left undecided, as is a user whose tags were not read.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 */
function ownTagsOnly(catalog: Catalog, subject: PrincipalAccess): boolean {
  if (subject.type !== "user") return false;
  if ("tagsUnknown" in subject.principal && subject.principal.tagsUnknown) return false;
  const federate = catalog.action("sts:GetFederationToken");
  return federate !== undefined && !subject.permissions.effective().possible.has(federate.id);
}

/**
 * The context with the header keys the principal's calls leave out (pickedHeaders) known absent,
 * and, `ownTags`, the principal tags it does not set. A role's session never carries aws:username
 * (IAM sets it for IAM users alone), so a Resource naming `${aws:username}` names nothing for it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-username
 */
function withoutHeaders(context: RequestContext, subject: PrincipalAccess, ownTags = false): RequestContext {
  const headers = pickedHeaders(subject.permissions)?.absent ?? [];
  const absent = subject.type === "role" ? [...headers, "aws:username"] : headers;
  if (absent.length === 0 && !ownTags) return context;
  return {
    ...context,
    absent: (key) => absent.includes(key) || (ownTags && key.startsWith("aws:principaltag/")),
  };
}

/**
 * What a call the attacker makes itself has: it goes over TLS, which every AWS endpoint takes, so a
 * guardrail denying calls when aws:SecureTransport is false never stops it; and its principal is an
 * IAM principal, for which aws:PrincipalIsAWSService is false. aws:ViaAWSService and aws:CalledVia
 * stay unknown: the attacker may call directly, or through a service to meet a condition on them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-securetransport
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalisawsservice
 */
const DIRECT_CALL = { "aws:SecureTransport": "true", "aws:PrincipalIsAWSService": "false" };

/**
 * What a call has that the principal sends itself, straight to the service, rather than one a
 * service makes with its credentials: aws:ViaAWSService is false, and aws:CalledVia and its first
 * and last are absent, as they are set only for a request a service makes on its behalf; and
 * aws:SourceAccount, aws:SourceArn, aws:SourceOrgID and aws:SourceOrgPaths are absent, as they are
 * set only for a call an AWS service principal makes.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-viaawsservice
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount
 */
const STRAIGHT_TO_SERVICE = { "aws:ViaAWSService": "false" };
const ABSENT_STRAIGHT_TO_SERVICE: ReadonlySet<string> = new Set([
  "aws:calledvia",
  "aws:calledviafirst",
  "aws:calledvialast",
  "aws:sourceaccount",
  "aws:sourcearn",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
]);

/** Whether a key (any case) is one whose value a call straight to the service decides. */
export function decidedStraightToService(key: string): boolean {
  const lower = key.toLowerCase();
  return lower === "aws:viaawsservice" || ABSENT_STRAIGHT_TO_SERVICE.has(lower);
}

/**
 * What a call the attacker sends itself carries, and nothing else: TLS and the headers it picks for
 * the principal's conditions on them, as attackContext has them; what going straight to the
 * service decides (STRAIGHT_TO_SERVICE); and an IPv4 address it sends from, where any one meets
 * every condition on it (anyIpv4Caller).
 */
export function directCallContext(subject: PrincipalAccess): RequestContext {
  const sourceIp = anyIpv4Caller(subject.permissions);
  const context = withoutHeaders(
    makeContext({
      ...DIRECT_CALL,
      ...STRAIGHT_TO_SERVICE,
      ...pickedHeaders(subject.permissions)?.values,
      ...(sourceIp ? { "aws:SourceIp": sourceIp } : {}),
    }),
    subject,
  );
  const { absent } = context;
  return { ...context, absent: (key) => ABSENT_STRAIGHT_TO_SERVICE.has(key) || (absent?.(key) ?? false) };
}

/**
 * Keys a call signed with a user's long-term access key lacks: they are set only for temporary
 * credentials, so a Bool or Date condition on them does not match such a call (an IfExists one does).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
 * ("not present when an API or CLI command is called with long-term credentials, such as user access key pairs")
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-tokenissuetime
 */
const ABSENT_WITH_ACCESS_KEY = new Set([
  "aws:multifactorauthpresent",
  "aws:multifactorauthage",
  "aws:tokenissuetime",
]);

/**
 * The context of a call signed with the user's own access key, for a user the snapshot shows with
 * an active one (anyone holding the key makes such calls, whatever MFA its console sign-in asks
 * for); undefined for roles, groups, and users with no active key or no credential report.
 */
export function accessKeyContext(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  extra: Record<string, string> = {},
): RequestContext | undefined {
  if (subject.type !== "user") return undefined;
  const keys = ctx.snapshot.credentials[subject.principal.arn]?.accessKeys ?? [];
  if (!keys.some((k) => k.status === "Active")) return undefined;
  return signedWithAccessKey(attackContext(ctx, subject, extra));
}

/** `context` as a call signed with a user's long-term access key has it: without ABSENT_WITH_ACCESS_KEY's keys. */
export function signedWithAccessKey(context: RequestContext): RequestContext {
  const values = new Map(context.values);
  for (const key of ABSENT_WITH_ACCESS_KEY) values.delete(key);
  const { absent } = context;
  return { ...context, values, absent: (key) => ABSENT_WITH_ACCESS_KEY.has(key) || (absent?.(key) ?? false) };
}

/** Whether a call signed with a user's long-term access key lacks `key` (lower case). */
export function absentWithAccessKey(key: string): boolean {
  return ABSENT_WITH_ACCESS_KEY.has(key);
}

/**
 * The region every IAM call is made in: IAM has one endpoint, in US East (N. Virginia), so
 * aws:RequestedRegion is us-east-1 for it, whatever region the caller works in. Other partitions
 * are left undecided.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
 */
export function iamRegion(principalArn: string): string | undefined {
  return principalArn.split(":")[1] === "aws" ? "us-east-1" : undefined;
}

/**
 * Whether IAM authorizes `action` in a call to IAM's endpoint. iam:PassRole is no call of IAM: it
 * is a permission checked in the call that hands the role to another service (lambda:CreateFunction
 * in eu-west-1), whose request, and region, it is authorized in.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 */
export function calledAtIam(action: string): boolean {
  const lower = action.toLowerCase();
  return lower.startsWith("iam:") && lower !== "iam:passrole";
}

/**
 * The context of a call to `action`: one for which the Service Authorization Reference lists
 * neither aws:TagKeys nor aws:RequestTag/ (iam:PutRolePolicy) passes no tags, so those keys are
 * certainly absent from its request, where ForAllValues and Null "true" on them hold.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-tagkeys
 */
export function callContext(catalog: Catalog, action: string, context: RequestContext): RequestContext {
  const info = catalog.action(action);
  const keys = info && [info.conditionKeys, ...info.resourceTypes.map((r) => r.conditionKeys)].flat();
  if (!keys || keys.some(isRequestTag)) return context;
  const { absent } = context;
  return { ...context, absent: (key) => isRequestTag(key) || (absent?.(key) ?? false) };
}

/**
 * The context of a call that passes no tags, as a creating call may (its tags are optional):
 * aws:TagKeys and aws:RequestTag/ absent, where ForAllValues and Null "true" on them hold.
 * Undefined where `context` already lacks them (callContext), as nothing would change.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 */
export function untaggedCall(
  catalog: Catalog,
  action: string,
  context: RequestContext,
): RequestContext | undefined {
  if (callContext(catalog, action, context) !== context) return undefined;
  const { absent } = context;
  return { ...context, absent: (key) => isRequestTag(key) || (absent?.(key) ?? false) };
}

function isRequestTag(key: string): boolean {
  const lower = key.toLowerCase();
  return lower === "aws:tagkeys" || lower.startsWith("aws:requesttag/");
}
