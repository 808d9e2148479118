import type { Caller } from "../findings/permissive/trust/caller.js";
import { callerConditions } from "../findings/permissive/trust/caller.js";
import { accountOf } from "../findings/permissive/trust/callers.js";
import type { Tri } from "../policy/context.js";
import { globMatch } from "../policy/glob.js";
import { parsePolicy } from "../policy/parse.js";
import { evaluateResourcePolicy } from "../policy/resource-policy.js";
import type { Policy, Statement } from "../policy/types.js";

/**
 * The organization's resource-based delegation policy as the run read it
 * (organizations:DescribeResourcePolicy): the Organizations calls, such as rewriting an SCP or RCP,
 * the management account lets member accounts make. `none` when the organization has none;
 * `unread` says why it could not be read. Absent when the run did not ask.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html
 */
export type PolicyDelegation = { document: unknown } | { none: true } | { unread: string };

/**
 * What the delegation lets the caller do (`member` as its request's keys have it; `arn` the user or
 * role itself): its request must also be allowed by its own policies. A Principal names it by its
 * account (an id or the account's root) or its own ARN.
 */
export function delegationAllows(
  delegation: PolicyDelegation | undefined,
  member: Caller,
  caller: { accountId: string; arn: string; boundary?: boolean },
  action: string,
  resource: string,
): Tri {
  if (!delegation || "unread" in delegation) return "maybe";
  if ("none" in delegation) return "no";
  const policy = delegationPolicy(delegation);
  if (!policy) return "maybe";
  const names = (type: string, value: string) =>
    type === "AWS" &&
    (value === "*" ||
      value === caller.accountId ||
      value === caller.arn ||
      (accountRoot.test(value) && accountOf(value) === caller.accountId));
  // The evaluator reads Principal, Action and Condition; Resource is read here, and NotPrincipal too.
  const unsure = new Set<number>();
  const statements = policy.statements
    .filter((s) => {
      const hit = (s.resources ?? ["*"]).some((pattern) => globMatch(pattern, resource));
      return s.notResource ? !hit : hit;
    })
    .map((s) => {
      if (!s.notPrincipal || s.effect !== "Deny") return s;
      const spared = exemption(s, names, caller);
      if (spared === "yes") return s;
      if (spared === "maybe") unsure.add(s.index);
      return { ...s, notPrincipal: false, principal: { any: true, values: {} } };
    });
  const { decision } = evaluateResourcePolicy(
    { ...policy, statements },
    {
      action,
      names,
      conditions: (clauses, statement) => {
        const met = callerConditions(member, clauses, "every-request");
        return unsure.has(statement.index) && met === "yes" ? "maybe" : met;
      },
    },
  );
  return decision === "Allow" ? "yes" : decision === "Conditional" ? "maybe" : "no";
}

const accountRoot = /^arn:aws[a-z-]*:iam::\d{12}:root$/;

/**
 * Whether a Deny's NotPrincipal spares the caller: never one with a permissions boundary, which
 * such a Deny always denies; surely where it names the caller's account; "maybe" where it names
 * the user or role alone, as AWS may check the account first and deny the whole of it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
function exemption(
  statement: Statement,
  names: (type: string, value: string) => boolean,
  caller: { accountId: string; arn: string; boundary?: boolean },
): Tri {
  if (caller.boundary) return "no";
  const values = Object.entries(statement.principal?.values ?? {}).flatMap(([type, list]) =>
    list.filter((value) => names(type, value)),
  );
  if (values.length === 0) return "no";
  return values.some((value) => value !== caller.arn) ? "yes" : "maybe";
}

const parsed = new WeakMap<object, Policy | null>();

/**
 * The delegation policy parsed, once per run's reading of it (the live read gives its text, so the
 * reading, not the document, is the key); undefined when it does not parse (then it may allow anything).
 */
function delegationPolicy(delegation: { document: unknown }): Policy | undefined {
  let usable = parsed.get(delegation);
  if (usable === undefined) {
    const { policy, problems } = parsePolicy(delegation.document, { kind: "resource" });
    usable = policy && !problems.some((p) => p.severity === "error") ? policy : null;
    parsed.set(delegation, usable);
  }
  return usable ?? undefined;
}

/** The rollup's warning when the delegation could not be read or parsed. */
export function policyDelegationWarnings(delegation: PolicyDelegation | undefined): string[] {
  if (!delegation || "none" in delegation) return [];
  const why =
    "unread" in delegation
      ? delegation.unread
      : delegationPolicy(delegation)
        ? undefined
        : "its document does not parse";
  return why
    ? [
        `AWS Organizations' delegation policy is unknown (${why}): a path blocked by SCPs or RCPs whose caller's own policies may rewrite them is taken to be one it may lift`,
      ]
    : [];
}
