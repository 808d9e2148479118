import type { PrincipalAccess } from "../../../account/permissions.js";
import type { Catalog } from "../../../catalog/catalog.js";
import { isAccountRoot, parseArn } from "../../../policy/arn.js";
import { anyOf, type Tri } from "../../../policy/context.js";
import { parsePolicyOrThrow } from "../../../policy/parse.js";
import { PrincipalPermissions } from "../../../policy/principal-permissions.js";
import type { Role } from "../../../snapshot/model.js";
import type { PermissiveContext } from "../context.js";
import type { Caller } from "../trust/caller.js";
import { withoutSessionTags } from "../trust/callers.js";
import { allowedDespite, assumeDenies, assumeStatements } from "./trust.js";

/**
 * How a role's trust policy admits a user or role asking for it, and which of those admissions
 * grant it the role with no sts:AssumeRole Allow of its own: the rules the escalation graph (one
 * account) and the organization rollup (across accounts) both apply, kept here so they agree.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */

/** How one trust-policy AWS principal value admits the caller: by its ARN, a session of its role, its account, or `*`. */
export type Admission = "named" | "session" | "account" | "anyone";

/**
 * How surely the trust policy admits the caller each way, after its Deny statements; `wildcard`
 * is the part of `anyone` granted by an Allow naming `*` (not by a NotPrincipal). `inAccount`: the
 * caller is of the role's own account.
 */
export type Admitted = Record<Admission | "wildcard", Tri> & { inAccount: boolean };

/** Whether one trust-policy AWS principal value admits the caller of `accountId`, and how. */
export function admission(value: string, accountId: string, caller: PrincipalAccess): Admission | undefined {
  if (value === "*") return "anyone";
  if (value === accountId || isAccountRoot(value, accountId)) return "account";
  if (caller.type === "group") return undefined;
  if (value === caller.principal.arn) return "named";
  // A trust policy naming a session of a role (arn:aws:sts::…:assumed-role/NAME/session) trusts
  // that role; inside its account, no permissions boundary of the role limits that grant.
  const arn = parseArn(value);
  if (caller.type === "role" && arn?.service === "sts" && arn.account === accountId) {
    const [kind, name] = arn.resource.split("/");
    if (kind === "assumed-role" && name === caller.principal.name) return "session";
  }
  return undefined;
}

/**
 * How the trust policy of `role` (in `target`) admits the caller of `accountId`, whose
 * AssumeRole request is `member`. An Allow with NotPrincipal lets in everyone it does not name,
 * as anyone; a Deny with NotPrincipal keeps out everyone it does not name.
 * https://github.com/awsdocs/iam-user-guide/blob/614c30d1d9ac171ed8d245f126a71db083b250fc/doc_source/reference_policies_elements_notprincipal.md
 */
export function admitted(
  target: PermissiveContext,
  role: Role,
  member: Caller,
  accountId: string,
  caller: PrincipalAccess,
): Admitted {
  const by: Record<Admission | "wildcard", Tri[]> = {
    named: [],
    session: [],
    account: [],
    anyone: [],
    wildcard: [],
  };
  const covers = (values: readonly string[]) =>
    values.some((v) => admission(v, accountId, caller) !== undefined);
  const valuesOf = (s: { principal?: { any?: boolean; values: Record<string, string[]> } }) =>
    s.principal?.any ? ["*"] : (s.principal?.values.AWS ?? []);
  // The trust policy's Deny statements that name this caller (`*`, its account, its ARN). One with
  // NotPrincipal "will always deny any IAM principal that has a permissions boundary policy
  // attached, regardless of the values specified in the NotPrincipal element".
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
  const bounded = caller.type !== "group" && caller.permissions.hasBoundary;
  const denies = assumeDenies(target, role).filter((d) =>
    d.notPrincipal ? bounded || !covers(valuesOf(d)) : covers(valuesOf(d)),
  );
  // Let in through its account or as anyone, the caller needs an Allow of its own for each action,
  // session tags' sts:TagSession too: without one it passes none. A group stands for members whose
  // own policies it does not hold.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required
  const untagged =
    caller.type === "group" || mayTagSession(target.catalog, caller) ? member : withoutSessionTags(member);
  for (const s of assumeStatements(target, role)) {
    const values = valuesOf(s);
    const ways: Admission[] = s.notPrincipal
      ? covers(values)
        ? []
        : ["anyone"]
      : values.flatMap((v) => admission(v, accountId, caller) ?? []);
    if (ways.length === 0) continue;
    // The trust policy's conditions, evaluated for this caller's own AssumeRole request.
    const certainty = allowedDespite(member, s.conditions, denies);
    if (certainty === "no") continue;
    const delegated =
      untagged === member || s.conditions.length === 0
        ? certainty
        : allowedDespite(untagged, s.conditions, denies);
    for (const way of ways) by[way].push(way === "account" || way === "anyone" ? delegated : certainty);
    if (!s.notPrincipal && values.includes("*")) by.wildcard.push(certainty);
  }
  return {
    named: anyOf(by.named),
    session: anyOf(by.session),
    account: anyOf(by.account),
    anyone: anyOf(by.anyone),
    wildcard: anyOf(by.wildcard),
    inAccount: accountId === target.snapshot.accountId,
  };
}

/** Whether the caller's own policies may allow sts:TagSession anywhere. */
function mayTagSession(catalog: Catalog, caller: PrincipalAccess): boolean {
  const action = catalog.action("sts:TagSession");
  return action === undefined || caller.permissions.effective().possible.has(action.id);
}

/** How a trust policy lets a caller in, as an edge shows it. */
export type AdmittedVia = "named" | "account" | "anyone";

/**
 * The way in with the caller's own sts:AssumeRole Allow, which every admission of the trust
 * policy opens: how surely, and as which admission, the surest, and of equally sure ones the
 * narrowest (its ARN or a session of its role, then its account, then anyone). The escalation graph
 * and the organization rollup both label an edge so, after the direct grants, which come first.
 */
export function delegatedWay(admitted: Admitted): { via: AdmittedVia; certainty: Tri } {
  const ways: [AdmittedVia, Tri][] = [
    ["named", anyOf([admitted.named, admitted.session])],
    ["account", admitted.account],
    ["anyone", admitted.anyone],
  ];
  const certainty = anyOf(ways.map(([, c]) => c));
  const via = ways.find(([, c]) => c === certainty)?.[0] ?? "anyone";
  return { via, certainty };
}

/** A grant of the trust policy that lets the caller in with no sts:AssumeRole Allow of its own. */
export interface DirectGrant {
  via: "named" | "anyone";
  certainty: Exclude<Tri, "no">;
  /** Whether the caller's permissions boundary limits the grant (the caller's policies never need to allow it). */
  boundaryLimits: boolean;
}

/**
 * The trust policy's grants to the caller that need no Allow of its own, surest first by kind: its
 * ARN, a session of its role, `*`. Per the AssumeRole API reference, only inside one account: a
 * caller of another account needs its own Allow whatever the trust names. A grant naming a role's
 * ARN is limited by its permissions boundary, one naming a user's is not; a grant to a session of
 * the role, or to `*` ("for IAM users and role principals within your account, no other
 * permissions are required"), by no boundary. A group is no caller: nothing is granted to it.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://github.com/awsdocs/iam-user-guide/blob/149cf97fe14b7e6d388636b7b387b3149232e7b5/doc_source/reference_policies_elements_principal.md
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export function directGrants(admitted: Admitted, caller: PrincipalAccess): DirectGrant[] {
  if (!admitted.inAccount || caller.type === "group") return [];
  const grants: DirectGrant[] = [];
  const add = (via: DirectGrant["via"], certainty: Tri, boundaryLimits: boolean) => {
    if (certainty !== "no") grants.push({ via, certainty, boundaryLimits });
  };
  add("named", admitted.named, caller.type === "role");
  add("named", admitted.session, false);
  add("anyone", admitted.wildcard, false);
  return grants;
}

/**
 * The caller's policies as they decide its sts:AssumeRole under a direct grant: the grant stands
 * in for an Allow of its own, while its explicit Denies (and those of a boundary that does not
 * limit the grant) still refuse, a Deny under a condition leaving it conditional; the SCPs still
 * apply, and a boundary that limits the grant still limits it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
 */
export function directGrantPolicies(
  catalog: Catalog,
  caller: PrincipalAccess,
  boundaryLimits: boolean,
): PrincipalPermissions {
  const { identity, boundary, scps } = caller.permissions.policies;
  const limiting = boundaryLimits ? boundary : undefined;
  return new PrincipalPermissions(catalog, {
    identity: [
      { source: GRANT_SOURCE, policy: GRANTED },
      ...identity,
      ...(boundary && !limiting ? [boundary] : []),
    ],
    ...(limiting ? { boundary: limiting } : {}),
    ...(scps ? { scps } : {}),
  });
}

const GRANT_SOURCE = "trust policy naming the caller";
const GRANTED = parsePolicyOrThrow(
  { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] },
  GRANT_SOURCE,
);
