import type { PrincipalAccess } from "../../account/permissions.js";
import type { ActionSet } from "../../catalog/action-set.js";
import type { CompiledStatement } from "../../policy/compile.js";
import { parseDate } from "../../policy/conditions.js";
import { makeContext, type RequestContext } from "../../policy/context.js";
import { PrincipalPermissions } from "../../policy/principal-permissions.js";
import { specializePolicies } from "../../policy/specialize.js";
import type { PermissiveContext } from "./context.js";

const cache = new WeakMap<PrincipalAccess, PrincipalAccess | null>();

/**
 * The principal as every call it will ever make stands: a condition it can never meet (another
 * principal's ARN or account, an AWS service as the caller, a date already past) is false for all
 * of them, so a statement under one grants it nothing. Undefined when no condition is so decided.
 * Nothing a caller picks or may change later (TLS, headers, MFA, network, the session's age, tags)
 * is decided here.
 */
export function ownFactsSubject(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): PrincipalAccess | undefined {
  let fixed = cache.get(subject);
  if (fixed === undefined) {
    // A user that may get a federation token also calls as a federated user; so may a group's
    // members, through policies of their own the group does not show.
    fixed = withFacts(ctx, subject, ownFacts(ctx, subject, subject.type !== "group"));
    if (subject.type === "user" && mayFederate(ctx, fixed ?? subject)) {
      fixed = withFacts(ctx, subject, ownFacts(ctx, subject, false));
    }
    cache.set(subject, fixed);
  }
  return fixed ?? undefined;
}

/**
 * What the principal may do on some resource under some conditions, its own calls standing as they
 * always do (ownFactsSubject): an action only a statement under a condition it never meets grants is
 * not in it. Never more than its policies' possible actions.
 */
export function ownPossible(ctx: PermissiveContext, subject: PrincipalAccess): ActionSet {
  return (ownFactsSubject(ctx, subject) ?? subject).permissions.effective().possible;
}

const kept = new WeakMap<PrincipalAccess, Set<string>>();

/**
 * Whether one of the principal's compiled statements applies to some call of its own: false for one
 * under a condition no such call meets (ownFactsSubject leaves it out), which grants it nothing.
 */
export function appliesToOwnCalls(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  statement: CompiledStatement,
): boolean {
  const fixed = ownFactsSubject(ctx, subject);
  if (!fixed) return true;
  let keys = kept.get(subject);
  if (!keys) {
    // Specializing keeps each statement's source and index, dropping clauses or the whole statement.
    keys = new Set(fixed.permissions.statements.map(statementKey));
    kept.set(subject, keys);
  }
  return keys.has(statementKey(statement));
}

const statementKey = (s: CompiledStatement) => `${s.layer}\u0000${s.source}\u0000${s.statement.index}`;

function withFacts(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  facts: RequestContext,
): PrincipalAccess | null {
  const policies = specializePolicies(subject.permissions.policies, facts);
  return policies ? { ...subject, permissions: new PrincipalPermissions(ctx.catalog, policies) } : null;
}

/** Whether some call of the principal's own may be allowed sts:GetFederationToken. */
function mayFederate(ctx: PermissiveContext, subject: PrincipalAccess): boolean {
  const id = ctx.catalog.action("sts:GetFederationToken")?.id;
  return id === undefined || subject.permissions.effective().possible.has(id);
}

/**
 * What each call of the principal carries, whoever makes it and whenever: its account; with
 * `asItself`, for a user or role its ARN (a role session's aws:PrincipalArn is the role's) and
 * principal type, a user's name. A user's policies also govern its
 * GetFederationToken sessions, whose type is FederatedUser, whose ARN is an sts federated-user ARN
 * and which carry no aws:username, so for a user that may federate those stay undecided. aws:PrincipalIsAWSService is false for every call signed by an IAM
 * principal. aws:CurrentTime and aws:EpochTime only move on: where every date the principal's
 * conditions compare them with is past at the snapshot, the snapshot's time decides each
 * comparison as any later time would.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalisawsservice
 */
function ownFacts(ctx: PermissiveContext, subject: PrincipalAccess, asItself: boolean): RequestContext {
  const values: Record<string, string> = {
    "aws:PrincipalAccount": ctx.snapshot.accountId,
    "aws:PrincipalIsAWSService": "false",
  };
  if (asItself) {
    values["aws:PrincipalArn"] = subject.principal.arn;
    values["aws:PrincipalType"] = subject.type === "role" ? "AssumedRole" : "User";
  }
  if (asItself && subject.type === "user") values["aws:username"] = subject.principal.name;
  const now = Date.parse(ctx.snapshot.collectedAt);
  if (Number.isFinite(now) && onlyPastDates(subject, now)) {
    values["aws:CurrentTime"] = ctx.snapshot.collectedAt;
    values["aws:EpochTime"] = String(Math.floor(now / 1000));
  }
  return makeContext(values);
}

const CLOCKS = new Set(["aws:currenttime", "aws:epochtime"]);

/** Whether every value a condition compares the clock with is a readable moment before `now`. */
function onlyPastDates(subject: PrincipalAccess, now: number): boolean {
  return subject.permissions.statements
    .flatMap((s) => s.statement.conditions)
    .filter((c) => CLOCKS.has(c.key.toLowerCase()))
    .every((c) =>
      c.values.every((v) => {
        // Read as the evaluation reads it: UTC without an offset, whatever the host's zone.
        const at = parseDate(v);
        return Number.isFinite(at) && at < now;
      }),
    );
}
