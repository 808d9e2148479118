import type { AccountPermissions } from "../../../account/permissions.js";
import type { Tri } from "../../../policy/context.js";
import { evaluateResourcePolicy } from "../../../policy/resource-policy.js";
import type { Policy } from "../../../policy/types.js";
import { type Caller, callerConditions } from "./caller.js";
import { accountCaller, accountOf, isSamlProvider, providerHost, webIdentityCaller } from "./callers.js";
import { samlCaller } from "./saml-caller.js";

/** A caller the trust policy lets in, and the Allow statements that do. */
export interface Admission {
  caller: string;
  certainty: Exclude<Tri, "no">;
  statements: number[];
}

export interface RoleTrust {
  /** Any principal of any other account (outside the organization). */
  outsider?: Admission;
  /** Each other account the policy names, calling without an external id. */
  accounts: (Admission & { account: string })[];
  /** Each web-identity provider the policy names, for any identity it issues tokens to. */
  providers: (Admission & { host: string })[];
  /** Each SAML provider the policy names, for an assertion addressed to someone other than AWS. */
  saml: (Admission & { provider: string })[];
}

const cache = new WeakMap<AccountPermissions, Map<string, RoleTrust | undefined>>();

/**
 * Who may assume a role, decided by evaluating its trust policy for symbolic callers; computed once
 * per role and shared by the trust detectors and the escalation severity.
 */
export function roleTrust(account: AccountPermissions, roleArn: string): RoleTrust | undefined {
  let byRole = cache.get(account);
  if (!byRole) {
    byRole = new Map();
    cache.set(account, byRole);
  }
  if (byRole.has(roleArn)) return byRole.get(roleArn);
  const policy = account.trustPolicyOf(roleArn)?.policy;
  const trust = policy
    ? evaluateTrust(policy, account.snapshot.accountId, account.snapshot.collectedAt)
    : undefined;
  byRole.set(roleArn, trust);
  return trust;
}

export function evaluateTrust(policy: Policy, accountId: string, now: string): RoleTrust {
  const named = policy.statements.filter((s) => s.effect === "Allow" && !s.notPrincipal && s.principal);
  const foreign = new Set<string>();
  const federated = new Set<string>();
  const saml = new Set<string>();
  for (const s of named) {
    for (const value of s.principal!.values.AWS ?? []) {
      const account = accountOf(value);
      if (account && account !== accountId) foreign.add(account);
    }
    for (const value of s.principal!.values.Federated ?? [])
      (isSamlProvider(value) ? saml : federated).add(value);
  }
  const outsider = admit(policy, accountCaller(now));
  return {
    ...(outsider ? { outsider } : {}),
    accounts: [...foreign].flatMap((account) => {
      const admission = admit(policy, accountCaller(now, account, { externalId: false }));
      return admission ? [{ ...admission, account }] : [];
    }),
    providers: [...federated].flatMap((value) => {
      const admission = admit(policy, webIdentityCaller(now, value));
      return admission ? [{ ...admission, host: providerHost(value) }] : [];
    }),
    saml: [...saml].flatMap((provider) => {
      const admission = admit(policy, samlCaller(now, provider));
      return admission ? [{ ...admission, provider }] : [];
    }),
  };
}

function admit(policy: Policy, caller: Caller): Admission | undefined {
  const { decision, matched } = evaluateResourcePolicy(policy, {
    action: caller.action,
    names: caller.names,
    conditions: (clauses) => callerConditions(caller, clauses),
  });
  if (decision !== "Allow" && decision !== "Conditional") return undefined;
  return {
    caller: caller.label,
    certainty: decision === "Allow" ? "yes" : "maybe",
    statements: matched.filter((m) => m.effect === "Allow").map((m) => m.statementIndex),
  };
}
