import { DEFAULT_REGIONS } from "../../../activity/shown-regions.js";
import { makeContext, type RequestContext } from "../../../policy/context.js";
import type { EvaluationResult, Request } from "../../../policy/evaluate.js";
import type { PrincipalPermissions } from "../../../policy/principal-permissions.js";
import { type Caller, type Choice, callerRequests } from "./caller.js";

/** A value that is no region's name (a wildcard filled in, a typo) is no region the caller can call. */
const NOT_A_REGION = /^(?![a-z]{2}(?:-[a-z]+)+-\d+$)/;

/** The region the caller calls STS in: one every account has enabled unless a policy names another. */
export const REGION_CHOICE: Choice = {
  allowed: "*",
  fallback: DEFAULT_REGIONS[0]!,
  alternatives: DEFAULT_REGIONS,
  except: NOT_A_REGION,
};

/**
 * The caller's own policies on its request, in the region it calls: it picks the STS endpoint, so a
 * region-deny SCP stops it only when it denies every region it could pick. Tried: the regions every
 * account has enabled, then the others the policies name, which the account may not have enabled
 * (allowed only there, the request is Conditional). The first allowed wins; else a Conditional
 * answer; else the denial. Only aws:RequestedRegion is picked here: the caller's MFA, network and
 * the like are no choice of whoever holds its credentials, and stay as the request has them.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requestedregion
 * https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-regions.html
 */
export function evaluateInPickedRegion(
  permissions: PrincipalPermissions,
  caller: Caller,
  request: Request,
): EvaluationResult {
  const { policies } = permissions;
  const clauses = [
    ...policies.identity,
    ...(policies.boundary ? [policies.boundary] : []),
    ...(policies.scps ?? []).flat(),
  ]
    .flatMap((p) => p.policy.statements)
    .flatMap((s) => s.conditions)
    .filter((c) => c.key.toLowerCase() === "aws:requestedregion");
  // A region the role's trust policy or RCPs have the caller call in (parameterChoices) is the one it calls.
  const fixed = caller.known["aws:requestedregion"];
  if (fixed?.length === 1) {
    const region = fixed[0]!;
    const picked = makeContext({ "aws:requestedregion": region });
    const result = permissions.evaluate({ ...request, context: merged(request.context, picked) });
    return result.decision === "Allow" && !DEFAULT_REGIONS.includes(region)
      ? { ...result, decision: "Conditional" }
      : result;
  }
  if (clauses.length === 0) return permissions.evaluate(request);
  const picker: Caller = {
    ...caller,
    known: {},
    unknown: [],
    chosen: { "aws:requestedregion": REGION_CHOICE },
  };
  let conditional: EvaluationResult | undefined;
  let denied: EvaluationResult | undefined;
  for (const picked of callerRequests(picker, clauses)) {
    const region = picked.values.get("aws:requestedregion")?.[0] ?? "";
    const result = permissions.evaluate({ ...request, context: merged(request.context, picked) });
    if (result.decision === "Allow" && DEFAULT_REGIONS.includes(region)) return result;
    if (result.decision === "Allow" || result.decision === "Conditional")
      conditional ??= { ...result, decision: "Conditional" };
    else denied ??= result;
  }
  return conditional ?? denied ?? permissions.evaluate(request);
}

/** The request's context with the picked keys set. */
function merged(context: RequestContext | undefined, picked: RequestContext): RequestContext {
  return {
    ...context,
    values: new Map([...(context?.values ?? []), ...picked.values]),
    complete: context?.complete ?? false,
  };
}
