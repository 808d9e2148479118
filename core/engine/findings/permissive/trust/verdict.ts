import type { AccountPermissions } from "../../../account/permissions.js";
import { parseArn } from "../../../policy/arn.js";
import type { Tri } from "../../../policy/context.js";
import { type RcpInput, resourceControlDenial } from "../../../policy/resource-control.js";
import { evaluateResourcePolicy } from "../../../policy/resource-policy.js";
import type { ConditionClause, Policy, Statement } from "../../../policy/types.js";
import { accountIntervals } from "./account-ranges.js";
import { type Caller, callerConditions, callerRequests, conditionsIn } from "./caller.js";
import {
  accountCaller,
  forRole,
  isSamlProvider,
  providerHost,
  underTrust,
  webIdentityCaller,
} from "./callers.js";
import { BUILT_IN_HOSTS } from "./oidc-providers.js";
import { organizationFamilies } from "./organization-families.js";
import { anySamlCallers, samlCaller } from "./saml-caller.js";
import { trustedAccounts } from "./trusted-accounts.js";

/** A caller the trust policy lets in, and the Allow statements that do. */
export interface Admission {
  caller: string;
  certainty: Exclude<Tri, "no">;
  statements: number[];
}

export interface RoleTrust {
  /**
   * Any principal of any other account (outside the organization), or, with `organization`, any
   * principal of an organization whose id that pattern matches, which a stranger can create.
   */
  outsider?: Admission & { organization?: string };
  /** Each other account the policy names, calling without an external id. */
  accounts: (Admission & { account: string })[];
  /** Each web-identity provider the policy names, for any identity it issues tokens to. */
  providers: (Admission & { host: string })[];
  /** Each SAML provider the policy names, for an assertion addressed to someone other than AWS. */
  /**
   * Each SAML provider the policy names; `*` for a principal admitting any provider, with
   * `outsider` where an outsider's own provider's assertions may be let in.
   */
  saml: (Admission & { provider: string; outsider?: true })[];
}

const cache = new WeakMap<AccountPermissions, Map<string, RoleTrust | undefined>>();
const byPolicy = new WeakMap<AccountPermissions, WeakMap<Policy, RoleTrust>>();

/**
 * Who may assume a role, decided by evaluating its trust policy for symbolic callers; computed once
 * per role and shared by the trust detectors and the escalation severity. Without RCPs, which name
 * the role, the verdict depends on the policy alone: roles whose trust policies have the same text
 * share one parsed policy, so it is evaluated once for all of them (read-only, like the policy; an
 * account's roles are all in its one partition).
 */
export function roleTrust(account: AccountPermissions, roleArn: string): RoleTrust | undefined {
  let byRole = cache.get(account);
  if (!byRole) {
    byRole = new Map();
    cache.set(account, byRole);
  }
  if (byRole.has(roleArn)) return byRole.get(roleArn);
  const policy = account.trustPolicyOf(roleArn)?.policy;
  const rcps = account.resourceControlPolicies();
  const { accountId, collectedAt } = account.snapshot;
  const partition = parseArn(roleArn)?.partition;
  const organizationId = account.snapshot.organization?.id;
  let trust: RoleTrust | undefined;
  if (policy && (rcps || testsRoleTags(policy))) {
    const role = account.of(roleArn)?.principal;
    const tags = role && "tags" in role ? role.tags : [];
    trust = evaluateTrust(
      policy,
      accountId,
      collectedAt,
      rcps ? { policies: rcps, roleArn } : undefined,
      tags,
      partition,
      organizationId,
    );
  } else if (policy) {
    let shared = byPolicy.get(account);
    if (!shared) {
      shared = new WeakMap();
      byPolicy.set(account, shared);
    }
    trust = shared.get(policy);
    if (!trust) {
      trust = evaluateTrust(policy, accountId, collectedAt, undefined, [], partition, organizationId);
      shared.set(policy, trust);
    }
  }
  byRole.set(roleArn, trust);
  return trust;
}

/**
 * `rcps`: the account's resource control policies, which also decide who may assume its roles: a
 * caller they deny (whatever it sends) is not let in, and one they may deny is let in only maybe.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 * `tags`: the role's, which aws:ResourceTag conditions test; the role is in `accountId`, in
 * `partition`, whose principals alone may assume it. `organizationId`: the organization the account
 * is in, when the snapshot names it: what aws:ResourceOrgID holds, and no outsider's organization.
 */
export function evaluateTrust(
  policy: Policy,
  accountId: string,
  now: string,
  rcps?: { policies: readonly RcpInput[]; roleArn: string },
  tags: readonly { key: string; value: string }[] = [],
  partition = "aws",
  organizationId?: string,
): RoleTrust {
  const admit = (p: Policy, caller: Caller) =>
    admitUnlessDenied(p, underTrust(forRole(caller, accountId, tags, organizationId), p), accountId, rcps);
  // The role's own organization, which no outsider's (a stranger's, or one it creates) is.
  const own: ConditionClause[] = organizationId
    ? [
        {
          operator: "StringEquals",
          base: "StringEquals",
          ifExists: false,
          key: "aws:PrincipalOrgID",
          values: [organizationId],
        },
      ]
    : [];
  const named = policy.statements.filter((s) => s.effect === "Allow" && !s.notPrincipal && s.principal);
  /** Each account the policy names, or account pattern (`11112222*`), and an account it stands for. */
  const foreign = new Map<string, string>();
  const federated = new Set<string>();
  const saml = new Set<string>();
  for (const s of named) {
    const aws = s.principal!.any ? ["*"] : (s.principal!.values.AWS ?? []);
    for (const [key, member] of trustedAccounts(policy, aws, accountId)) foreign.set(key, member);
    for (const value of s.principal!.values.Federated ?? [])
      (isSamlProvider(value) ? saml : federated).add(value);
  }
  if (named.some((s) => s.principal!.any))
    for (const host of anyoneHosts(policy, federated)) federated.add(host);
  // `{"AWS": "*"}` is documented as `"*"` for anonymous callers, not for web identities: whom it
  // lets in is left undecided.
  const anyAws = named.some((s) => s.principal!.values.AWS?.includes("*"))
    ? anyoneHosts(policy, federated)
    : [];
  // The stranger must be one no clause singles out, RCPs' included: they judge it too.
  const naming = [
    ...[...policy.statements, ...(rcps?.policies.flatMap((p) => p.policy.statements) ?? [])].flatMap(
      (s) => s.conditions,
    ),
    ...own,
  ];
  const outsider = outsiderOf(
    policy,
    (place) => accountCaller(now, undefined, { naming, besides: accountId, partition, ...place }),
    accountId,
    admit,
    own,
  );
  return {
    ...(outsider ? { outsider } : {}),
    accounts: [...foreign].flatMap(([account, member]) => {
      // Whether a named account is in the organization is not known here: RCP perimeters keyed on
      // aws:PrincipalOrgID cannot be decided for it, so only its trust is evaluated.
      const caller = accountCaller(now, member, { externalId: false, naming, partition });
      const admission = admitByTrust(
        policy,
        underTrust(forRole(caller, accountId, tags, organizationId), policy),
      );
      return admission ? [{ ...admission, account }] : [];
    }),
    providers: [
      ...[...federated].flatMap((value) => {
        const admission = admit(policy, webIdentityCaller(now, value));
        return admission ? [{ ...admission, host: providerHost(value) }] : [];
      }),
      ...anyAws.flatMap((host) => {
        const caller = webIdentityCaller(now, host);
        const names = (type: string, value: string) =>
          caller.names(type, value) || (type === "AWS" && value === "*");
        const admission = admit(policy, { ...caller, names });
        return admission ? [{ ...admission, certainty: "maybe" as const, host }] : [];
      }),
    ],
    saml: [
      ...[...saml].flatMap((provider) => {
        const admission = admit(policy, samlCaller(now, provider));
        return admission ? [{ ...admission, provider }] : [];
      }),
      ...anySaml(named, (caller) => admit(policy, caller), now, accountId),
    ],
  };
}

/**
 * A stranger let in, or else (or only maybe) a stranger who created an organization a pattern of
 * the policy matches, or whose account is in a wide range of ids the policy's bounds let in, which
 * only `*` narrowed by a condition can let in.
 */
function outsiderOf(
  policy: Policy,
  stranger: (place?: { organization?: string; within?: readonly string[] }) => Caller,
  accountId: string,
  admit: (p: Policy, caller: Caller) => Admission | undefined,
  own: readonly ConditionClause[],
): RoleTrust["outsider"] {
  const outsider = admit(policy, stranger());
  if (outsider?.certainty === "yes") return outsider;
  const anyone = policy.statements.some(
    (s) =>
      s.effect === "Allow" && !s.notPrincipal && (s.principal?.any || s.principal?.values.AWS?.includes("*")),
  );
  if (!anyone) return outsider;
  let found: RoleTrust["outsider"] = outsider;
  const clauses = [...policy.statements.flatMap((s) => s.conditions), ...own];
  for (const range of accountIntervals(policy.statements, [accountId])) {
    if (!range.open) continue;
    const caller = stranger({ within: range.patterns });
    const admission = admit(policy, {
      ...caller,
      label: `any principal of an account numbered ${range.label}`,
    });
    if (admission?.certainty === "yes") return admission;
    found ??= admission;
  }
  for (const { pattern, member } of organizationFamilies(clauses)) {
    const caller = stranger({ organization: member });
    const admission = admit(policy, {
      ...caller,
      label: `any principal of an organization whose id matches ${pattern}`,
    });
    if (!admission) continue;
    if (admission.certainty === "yes") return { ...admission, organization: pattern };
    found ??= { ...admission, organization: pattern };
  }
  return found;
}

/**
 * The web-identity providers `"Principal": "*"` stands for, besides those the policy names
 * (`federated`): it names all principals, anonymous callers included, so it lets in a token of
 * any provider STS trusts for the role: the built-in ones and those its condition keys name
 * (`token.actions.githubusercontent.com:sub`), as naming each under "Federated" would.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous
 */
function anyoneHosts(policy: Policy, federated: ReadonlySet<string>): string[] {
  const named = new Set([...federated].map((v) => providerHost(v).toLowerCase()));
  const conditioned = policy.statements.flatMap((s) =>
    s.conditions.flatMap((c) => {
      const host = c.key.slice(0, c.key.lastIndexOf(":"));
      return host.includes(".") ? [host.toLowerCase()] : [];
    }),
  );
  return [...new Set([...BUILT_IN_HOSTS, ...conditioned])].filter((host) => !named.has(host));
}

/**
 * Whom `"*"`, `{"AWS": "*"}` or `{"Federated": "*"}` lets in through sts:AssumeRoleWithSAML
 * (anySamlCallers): the provider a call may name is not documented, so the role is at most
 * conditionally open, and only closed when neither an assertion of the account's own provider
 * addressed elsewhere nor one of an outsider's provider is let in.
 */
function anySaml(
  named: readonly Statement[],
  admit: (caller: Caller) => Admission | undefined,
  now: string,
  accountId: string,
): (Admission & { provider: string; outsider?: true })[] {
  const any = named.some((s) => s.principal!.any || s.principal!.values.Federated?.includes("*"));
  const aws = named.some((s) => s.principal!.values.AWS?.includes("*"));
  if (!any && !aws) return [];
  // The outsider's provider first: the report grades the role by the worse of the two callers.
  const [own, outsider] = anySamlCallers(now, accountId, aws);
  const theirs = admit(outsider!);
  if (theirs) return [{ ...theirs, certainty: "maybe", provider: "*", outsider: true }];
  const ours = admit(own!);
  return ours ? [{ ...ours, certainty: "maybe", provider: "*" }] : [];
}

/** Whether a Condition of the policy tests the role's tags: its verdict is then the role's own. */
function testsRoleTags(policy: Policy): boolean {
  return policy.statements.some((s) =>
    s.conditions.some((c) => c.key.toLowerCase().startsWith("aws:resourcetag/")),
  );
}

function admitUnlessDenied(
  policy: Policy,
  caller: Caller,
  accountId: string,
  rcps: { policies: readonly RcpInput[]; roleArn: string } | undefined,
): Admission | undefined {
  const admission = admitByTrust(policy, caller);
  if (!admission || !rcps) return admission;
  const denial = resourceControlDenial(rcps.policies, accountId, {
    action: caller.action,
    resource: rcps.roleArn,
    names: caller.names,
    conditions: (clauses) => callerConditions(caller, clauses, "every-request"),
  });
  if (denial.certainty === "yes") return undefined;
  return denial.certainty === "maybe" ? { ...admission, certainty: "maybe" } : admission;
}

/**
 * The caller is let in when one request it can make passes an Allow and escapes every Deny: the
 * statements are judged together, request by request, for a Deny whose condition the caller can
 * avoid (a tag or an external id it sets) stops nobody, though some other request would meet it.
 */
function admitByTrust(policy: Policy, caller: Caller): Admission | undefined {
  // Without a Deny, each Allow may be met by a request of its own.
  if (!policy.statements.some((s) => s.effect === "Deny"))
    return admission(
      caller,
      evaluateResourcePolicy(
        policy,
        request(caller, (clauses) => callerConditions(caller, clauses)),
      ),
    );
  const clauses = policy.statements.flatMap((s) => s.conditions);
  let conditional: Admission | undefined;
  for (const context of callerRequests(caller, clauses)) {
    const result = evaluateResourcePolicy(
      policy,
      request(caller, (statementClauses) => conditionsIn(caller, statementClauses, context)),
    );
    const admitted = admission(caller, result);
    if (admitted?.certainty === "yes") return admitted;
    conditional ??= admitted;
  }
  return conditional;
}

function request(caller: Caller, conditions: (clauses: readonly ConditionClause[]) => Tri) {
  return { action: caller.action, names: caller.names, conditions };
}

function admission(
  caller: Caller,
  { decision, matched }: ReturnType<typeof evaluateResourcePolicy>,
): Admission | undefined {
  if (decision !== "Allow" && decision !== "Conditional") return undefined;
  return {
    caller: caller.label,
    certainty: decision === "Allow" ? "yes" : "maybe",
    statements: matched.filter((m) => m.effect === "Allow").map((m) => m.statementIndex),
  };
}
