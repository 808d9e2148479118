import type { AccountPermissions, PrincipalAccess } from "../../../account/permissions.js";
import { isAccountRoot, parseArn } from "../../../policy/arn.js";
import { anyOf, type Tri } from "../../../policy/context.js";
import { globMatch } from "../../../policy/glob.js";
import type { ConditionClause, Statement } from "../../../policy/types.js";
import type { Role } from "../../../snapshot/model.js";
import type { PermissiveContext } from "../context.js";
import { type Caller, callerConditions, callerRequests, conditionsIn } from "../trust/caller.js";
import { namesService } from "./service-principal.js";
import { keepsOwnAccountOut } from "./source-account.js";

interface TrustIndex {
  statements: Map<string, Statement[]>;
  /** The trust policy's Deny statements that may refuse sts:AssumeRole to AWS principals. */
  denies: Map<string, Statement[]>;
  byService: Map<string, Role[]>;
  /** Roles whose trust admits AWS principals (accounts, users, roles, `*`): the only ones a principal can assume. */
  assumableByPrincipals: Role[];
  /** Positions in `assumableByPrincipals` of the roles each kind of trusted AWS principal may be in. */
  callers?: CallerIndex;
}

interface CallerIndex {
  /** Roles trusting the account or anyone: every principal of the account is a candidate. */
  open: number[];
  /** Roles an Allow of which names `*`: a grant to every principal, which needs no identity permission. */
  wildcard: number[];
  /** By the exact principal ARN the trust policy names. */
  named: Map<string, number[]>;
  /** By role name, for trust policies naming a session of a role of this account. */
  sessions: Map<string, number[]>;
}

/** Trust policies parsed and indexed once per account: escalation analysis asks about them per principal. */
const indexes = new WeakMap<AccountPermissions, TrustIndex>();

function trustIndex(ctx: PermissiveContext): TrustIndex {
  let index = indexes.get(ctx.account);
  if (!index) {
    const statements = new Map<string, Statement[]>();
    const denies = new Map<string, Statement[]>();
    for (const role of ctx.snapshot.roles) {
      const policy = ctx.account.trustPolicyOf(role.arn)?.policy;
      const assume = (policy?.statements ?? []).filter(
        (s) => s.actions.some((a) => globMatch(a, "sts:AssumeRole", true)) !== s.notAction,
      );
      statements.set(
        role.arn,
        assume.filter((s) => s.effect === "Allow"),
      );
      const deny = assume.filter((s) => s.effect === "Deny" && admitsPrincipals(s));
      if (deny.length > 0) denies.set(role.arn, deny);
    }
    index = {
      statements,
      denies,
      byService: new Map(),
      assumableByPrincipals: ctx.snapshot.roles.filter((role) =>
        statements.get(role.arn)!.some(admitsPrincipals),
      ),
    };
    indexes.set(ctx.account, index);
  }
  return index;
}

/**
 * Whether an Allow lets some AWS principal in (a Deny, keeps some out): one naming `*` or AWS principals, or one with
 * NotPrincipal, which lets in everyone it does not name (AWS documented an Allow with NotPrincipal
 * so; IAM now refuses it in trust policies, but one already written still applies).
 * https://github.com/awsdocs/iam-user-guide/blob/614c30d1d9ac171ed8d245f126a71db083b250fc/doc_source/reference_policies_elements_notprincipal.md
 */
function admitsPrincipals(s: Statement): boolean {
  if (s.notPrincipal) return s.principal?.any !== true;
  return s.principal?.any === true || (s.principal?.values.AWS ?? []).length > 0;
}

/** The trust policy's Allow statements that let someone call sts:AssumeRole (not SAML / web identity). */
export function assumeStatements(ctx: PermissiveContext, role: Role): Statement[] {
  return trustIndex(ctx).statements.get(role.arn) ?? [];
}

/**
 * The trust policy's Deny statements on sts:AssumeRole for AWS principals (`*`, accounts, users,
 * roles, or everyone a NotPrincipal does not name).
 */
export function assumeDenies(ctx: PermissiveContext, role: Role): readonly Statement[] {
  return trustIndex(ctx).denies.get(role.arn) ?? [];
}

/**
 * An Allow's Condition block, for a caller the trust policy's `denies` also name: one request must
 * meet the Allow and escape every Deny.
 */
export function allowedDespite(
  caller: Caller,
  allow: readonly ConditionClause[],
  denies: readonly Statement[],
): Tri {
  if (denies.length === 0) return callerConditions(caller, allow);
  const results: Tri[] = [];
  for (const context of callerRequests(caller, [...allow, ...denies.flatMap((d) => d.conditions)])) {
    const allowed = conditionsIn(caller, allow, context);
    const denied = anyOf(denies.map((d) => conditionsIn(caller, d.conditions, context)));
    const result: Tri =
      allowed === "no" || denied === "yes" ? "no" : allowed === "yes" && denied === "no" ? "yes" : "maybe";
    if (result === "yes") return "yes";
    results.push(result);
  }
  return anyOf(results);
}

/** Roles whose trust admits AWS principals; other roles only services or federated identities can assume. */
export function rolesAssumableByPrincipals(ctx: PermissiveContext): readonly Role[] {
  return trustIndex(ctx).assumableByPrincipals;
}

/**
 * The roles whose trust policy names the principal, its account or anyone, in the order of
 * `rolesAssumableByPrincipals`: the only roles it might assume, found by lookup instead of by
 * reading every trust policy for every principal. With `directOnly`, only the roles whose trust
 * policy grants the principal itself, by name or as `*` (the ones it needs no identity permission for).
 */
export function trustCandidates(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
  options: { directOnly: boolean },
): Role[] {
  const index = trustIndex(ctx);
  index.callers ??= callerIndex(ctx, index);
  const { open, wildcard, named, sessions } = index.callers;
  const own = [
    ...(subject.type !== "group" ? (named.get(subject.principal.arn) ?? []) : []),
    ...(subject.type === "role" ? (sessions.get(subject.principal.name) ?? []) : []),
  ];
  const positions = options.directOnly
    ? [...new Set([...own, ...(subject.type !== "group" ? wildcard : [])])].sort((a, b) => a - b)
    : own.length === 0
      ? open
      : [...new Set([...open, ...own])].sort((a, b) => a - b);
  return positions.map((i) => index.assumableByPrincipals[i]!);
}

function callerIndex(ctx: PermissiveContext, index: TrustIndex): CallerIndex {
  const account = ctx.snapshot.accountId;
  const callers: CallerIndex = { open: [], wildcard: [], named: new Map(), sessions: new Map() };
  const add = (map: Map<string, number[]>, key: string, position: number) => {
    const list = map.get(key);
    if (!list) map.set(key, [position]);
    else if (list[list.length - 1] !== position) list.push(position);
  };
  index.assumableByPrincipals.forEach((role, position) => {
    let open = false;
    let wildcard = false;
    for (const s of index.statements.get(role.arn)!) {
      // Everyone NotPrincipal does not name: every principal of the account is a candidate.
      if (s.notPrincipal) {
        open ||= admitsPrincipals(s);
        continue;
      }
      for (const value of s.principal?.any ? ["*"] : (s.principal?.values.AWS ?? [])) {
        if (value === "*") open = wildcard = true;
        else if (value === account || isAccountRoot(value, account)) open = true;
        else {
          add(callers.named, value, position);
          const arn = parseArn(value);
          if (arn?.service === "sts" && arn.account === account) {
            const [kind, name] = arn.resource.split("/");
            if (kind === "assumed-role" && name !== undefined) add(callers.sessions, name, position);
          }
        }
      }
    }
    if (open) callers.open.push(position);
    if (wildcard) callers.wildcard.push(position);
  });
  return callers;
}

/**
 * The roles a service principal (e.g. lambda.amazonaws.com) may assume; with `instanceProfile`,
 * only those in an instance profile (what EC2 can run as), kept apart so that no caller walks
 * the account's roles to skip the others.
 */
export function rolesTrustingService(
  ctx: PermissiveContext,
  service: string,
  instanceProfile = false,
): readonly Role[] {
  const index = trustIndex(ctx);
  const key = instanceProfile ? `${service} in an instance profile` : service;
  let roles = index.byService.get(key);
  if (!roles) {
    roles = instanceProfile
      ? rolesTrustingService(ctx, service).filter((role) => role.instanceProfiles.length > 0)
      : ctx.snapshot.roles.filter((role) => trustsService(ctx, role, service));
    index.byService.set(key, roles);
  }
  return roles;
}

/**
 * What a service's sessions need the trust to allow it besides sts:AssumeRole: IAM Roles Anywhere
 * sets the source identity and tags of each, so the trust "must grant" sts:SetSourceIdentity and
 * sts:TagSession too.
 * https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html
 */
const SESSION_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  "rolesanywhere.amazonaws.com": ["sts:SetSourceIdentity", "sts:TagSession"],
};

/** Whether a trust statement lets a service principal (e.g. lambda.amazonaws.com) in, under any of its names. */
function namesServiceIn(s: Statement, service: string): boolean {
  const named =
    s.principal?.any === true || (s.principal?.values.Service ?? []).some((v) => namesService(v, service));
  return s.notPrincipal ? !named : named;
}

/** Whether a service principal (e.g. lambda.amazonaws.com), under any of its names, may assume the role. */
export function trustsService(ctx: PermissiveContext, role: Role, service: string): boolean {
  if (!assumeStatements(ctx, role).some((s) => namesServiceIn(s, service))) return false;
  const also = SESSION_ACTIONS[service] ?? [];
  if (also.length === 0) return true;
  const allows = (ctx.account.trustPolicyOf(role.arn)?.policy?.statements ?? []).filter(
    (s) => s.effect === "Allow" && namesServiceIn(s, service),
  );
  return also.every((action) =>
    allows.some((s) => s.actions.some((a) => globMatch(a, action, true)) !== s.notAction),
  );
}

/**
 * Condition keys of a service's sessions that the caller sets itself: Roles Anywhere's principal
 * tags are the fields of the certificate, which the caller's own CA writes. Any other condition (the
 * trust anchor as aws:SourceArn, say) may keep out the anchor the caller creates.
 * https://docs.aws.amazon.com/rolesanywhere/latest/userguide/trust-model.html
 */
const CALLER_SET_KEYS: Readonly<Record<string, RegExp>> = {
  "rolesanywhere.amazonaws.com": /^aws:principaltag\/x509/i,
};

/**
 * Whether the service surely may assume the role for the caller's ends: "maybe" where every trust
 * statement letting it in has a condition the caller cannot be shown to meet. For services whose
 * sessions the caller starts itself, every condition; for the others, those that keep out the
 * resources of the role's own account, which are what it is passed to (keepsOwnAccountOut).
 */
export function serviceTrustCap(ctx: PermissiveContext, role: Role, service: string): Tri {
  const own = CALLER_SET_KEYS[service];
  const account = ctx.snapshot.accountId;
  const met = own
    ? (c: ConditionClause) => own.test(c.key)
    : (c: ConditionClause) => !keepsOwnAccountOut(c, account);
  return assumeStatements(ctx, role).some((s) => namesServiceIn(s, service) && s.conditions.every(met))
    ? "yes"
    : "maybe";
}
