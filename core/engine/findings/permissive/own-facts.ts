import type { PrincipalAccess } from "../../account/permissions.js";
import type { ActionSet } from "../../catalog/action-set.js";
import type { CompiledStatement } from "../../policy/compile.js";
import { parseDate } from "../../policy/conditions.js";
import { makeContext, type RequestContext } from "../../policy/context.js";
import { PrincipalPermissions } from "../../policy/principal-permissions.js";
import { specializePolicies } from "../../policy/specialize.js";
import type { PermissiveContext } from "./context.js";

type Variants = {
  self: PrincipalAccess | null;
  all: PrincipalAccess[] | null;
  kinds: (PrincipalAccess | null)[];
};

const cache = new WeakMap<PrincipalAccess, Variants>();

/**
 * The principal as each kind of call of its own stands: a condition such a call can never meet
 * (another principal's ARN or account, another principal type, an AWS service as the caller, a date
 * already past) is false for it, so a statement under one grants that call nothing. A user's or
 * role's own calls carry its ARN and principal type (a user's, its name too); a group's members are
 * users. A user that may get a federation token also calls as a federated user (principal type
 * FederatedUser; its sts ARN and aws:username left open), and so may a group's members, through
 * policies of their own the group does not show. A role does not: sts:GetFederationToken must be
 * called with an IAM user's long-term credentials, whatever a role's policies allow. Undefined when
 * some kind of call has none of its conditions decided: nothing is then out of every call's reach. Nothing a caller picks or may
 * change later (TLS, headers, MFA, network, the session's age, tags) is decided here.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principaltype
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
 */
export function ownCallSubjects(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): readonly PrincipalAccess[] | undefined {
  return variantsOf(ctx, subject).all ?? undefined;
}

/**
 * A user or role as every call it signs itself stands (its own ARN, principal type, account; a
 * user's name): not its federated sessions. Undefined for a group, or where those facts decide none
 * of its conditions.
 */
export function selfCallSubject(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): PrincipalAccess | undefined {
  return variantsOf(ctx, subject).self ?? undefined;
}

/**
 * Each kind of call of the principal's own as ownCallSubjects reads it, in its order (its own
 * calls, then its federated sessions where it may have some), the principal as it stands for a
 * kind none of whose conditions its facts decide.
 */
export function ownCallKinds(ctx: PermissiveContext, subject: PrincipalAccess): readonly PrincipalAccess[] {
  return variantsOf(ctx, subject).kinds.map((kind) => kind ?? subject);
}

function variantsOf(ctx: PermissiveContext, subject: PrincipalAccess): Variants {
  let variants = cache.get(subject);
  if (!variants) {
    const asItself = withFacts(ctx, subject, ownFacts(ctx, subject, "itself"));
    const kinds: (PrincipalAccess | null)[] = [asItself];
    // Only a user's long-term credentials get a federation token: a role never calls as a federated user.
    if (subject.type === "group" || (subject.type === "user" && mayFederate(ctx, asItself ?? subject)))
      kinds.push(withFacts(ctx, subject, ownFacts(ctx, subject, "federated")));
    const all = kinds.every((k) => k !== null) ? (kinds as PrincipalAccess[]) : null;
    variants = { self: subject.type === "group" ? null : asItself, all, kinds };
    cache.set(subject, variants);
  }
  return variants;
}

/**
 * What the principal may do on some resource under some conditions, its own calls standing as they
 * always do (ownCallSubjects): an action only a statement under a condition it never meets grants is
 * not in it. Never more than its policies' possible actions.
 */
export function ownPossible(ctx: PermissiveContext, subject: PrincipalAccess): ActionSet {
  const all = ownCallSubjects(ctx, subject);
  if (!all) return subject.permissions.effective().possible;
  const possible = all[0]!.permissions.effective().possible.clone();
  for (const other of all.slice(1)) possible.unionInPlace(other.permissions.effective().possible);
  return possible;
}

const kept = new WeakMap<PrincipalAccess, Set<string>>();

/**
 * Whether one of the principal's compiled statements applies to some call of its own: false for one
 * under a condition no such call meets (ownCallSubjects leave it out), which grants it nothing.
 */
export function appliesToOwnCalls(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  statement: CompiledStatement,
): boolean {
  const all = ownCallSubjects(ctx, subject);
  if (!all) return true;
  let keys = kept.get(subject);
  if (!keys) {
    // Specializing keeps each statement's source and index, dropping clauses or the whole statement.
    keys = new Set(all.flatMap((fixed) => fixed.permissions.statements.map(statementKey)));
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
 * What each call of one kind carries, whoever makes it and whenever: its account, and
 * aws:PrincipalIsAWSService false, as for every call an IAM principal signs. Signed by the principal
 * itself (`itself`): a user's or role's ARN (a role session's aws:PrincipalArn is the role's), its
 * principal type (a group's members are users), a user's name and unique ID (aws:userid; a role
 * session's joins the role's ID to a session name the caller picks, left undecided). A federated user's session, which a
 * user's policies also govern: principal type FederatedUser; its sts ARN, named by the caller, and
 * aws:username stay undecided. aws:CurrentTime and aws:EpochTime only move on: where every date the
 * principal's conditions compare them with is past at the snapshot, the snapshot's time decides
 * each comparison as any later time would.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalisawsservice
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-userid
 */
function ownFacts(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  kind: "itself" | "federated",
): RequestContext {
  const values: Record<string, string> = {
    "aws:PrincipalAccount": ctx.snapshot.accountId,
    "aws:PrincipalIsAWSService": "false",
  };
  if (kind === "federated") values["aws:PrincipalType"] = "FederatedUser";
  else {
    values["aws:PrincipalType"] = subject.type === "role" ? "AssumedRole" : "User";
    if (subject.type !== "group") values["aws:PrincipalArn"] = subject.principal.arn;
    if (subject.type === "user") {
      values["aws:username"] = subject.principal.name;
      values["aws:userid"] = subject.principal.id;
    }
  }
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
