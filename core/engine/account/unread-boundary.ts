import { type PolicyInput, PrincipalPermissions } from "../policy/principal-permissions.js";
import type { ConditionClause, Policy, PolicyProblem, Statement } from "../policy/types.js";

// No operator IAM knows: evaluateClause answers "maybe" for it whatever the request carries.
const UNREAD = "WhittleUnreadBoundary";

/**
 * Allow * under a condition no request can decide: what an unread (part of a) boundary may let
 * through, or an unread identity policy may grant.
 */
export function unknownAllow(source: string, index: number, key = "whittle:BoundaryDocument"): Statement {
  const unknown: ConditionClause = {
    operator: UNREAD,
    base: UNREAD,
    ifExists: false,
    key,
    values: [source],
  };
  return {
    index,
    effect: "Allow",
    actions: ["*"],
    notAction: false,
    resources: ["*"],
    notResource: false,
    notPrincipal: false,
    conditions: [unknown],
  };
}

/**
 * The permissions boundary of a principal whose boundary document the snapshot does not hold (a
 * filtered GetAccountAuthorizationDetails, a policy deleted since) or could not read at all: what
 * it holds back is unknown, so it is read as allowing every action only under a condition no
 * request can decide. Every Allow of the principal's own policies is then conditional, never
 * certain and never left out: a missed administrator is worse than a doubtful one, and one with
 * no boundary at all is more than the snapshot shows.
 */
export function unreadBoundary(source: string): PolicyInput {
  const statement = unknownAllow(source, 0);
  const policy: Policy = { statements: [statement], drafts: [statement], size: 0, raw: undefined };
  return { source, policy };
}

/**
 * A boundary read in part: statements with errors (a string too long for any policy AWS stores, an
 * element IAM would refuse) are left out of the evaluation, and a left-out Allow would cap the
 * principal to less than the boundary may really let through, hiding its paths. Such a statement
 * stands for what an unread boundary does (Allow * under an undecidable condition), beside the
 * statements that were read: what those allow stays as certain as they make it, the rest becomes
 * "maybe", never nothing. A left-out statement whose Effect reads plainly as Deny could only take
 * permissions away; it stays out, as a broken SCP's Deny does.
 */
export function partlyReadBoundary(input: PolicyInput, problems: readonly PolicyProblem[]): PolicyInput {
  const kept = new Set(input.policy.statements.map((s) => s.index));
  const raw = input.policy.raw as { Statement?: unknown } | undefined;
  const list = Array.isArray(raw?.Statement) ? raw.Statement : [raw?.Statement];
  const dropped = problems.some(
    (p) =>
      p.severity === "error" &&
      p.statementIndex !== undefined &&
      !kept.has(p.statementIndex) &&
      !plainDeny(list[p.statementIndex]),
  );
  // A Statement element that could not be read at all (null, a string) leaves nothing read.
  const none =
    input.policy.statements.length === 0 &&
    problems.some((p) => p.severity === "error" && p.statementIndex === undefined);
  if (!dropped && !none) return input;
  const unknown = unknownAllow(input.source, list.length);
  const policy: Policy = { ...input.policy, statements: [...input.policy.statements, unknown] };
  return { source: input.source, policy };
}

function plainDeny(item: unknown): boolean {
  return typeof item === "object" && item !== null && (item as { Effect?: unknown }).Effect === "Deny";
}

/**
 * The boundary whose unread part decides something of the principal's: removing the doubt from it
 * (reading it as allowing everything) would make more actions certain. Undefined when the boundary
 * was read in full, or when what it left unread changes nothing.
 */
export function doubtingBoundary(permissions: PrincipalPermissions): string | undefined {
  const boundary = permissions.policies.boundary;
  if (!boundary?.policy.statements.some(isUnknownAllow)) return undefined;
  const statements = boundary.policy.statements.map((s) =>
    isUnknownAllow(s) ? { ...s, conditions: [] } : s,
  );
  const trusted = new PrincipalPermissions(permissions.catalog, {
    ...permissions.policies,
    boundary: { source: boundary.source, policy: { ...boundary.policy, statements } },
  });
  const certain = (p: PrincipalPermissions) => p.effective().unconditional.count();
  return certain(trusted) > certain(permissions) ? boundary.source : undefined;
}

/** The boundary an audit could not read in full, by the principal's permissions. */
export function unreadBoundarySource(permissions: PrincipalPermissions): string | undefined {
  const boundary = permissions.policies.boundary;
  return boundary?.policy.statements.some(isUnknownAllow) ? boundary.source : undefined;
}

function isUnknownAllow(s: Statement): boolean {
  return s.conditions.some((c) => c.operator === UNREAD);
}
