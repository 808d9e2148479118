import type { CloudTrailEvent } from "./types.js";

/**
 * The STS calls whose caller may pass managed policies as session policies (`PolicyArns`): the
 * session then holds only what both its role's (or user's) policies and these allow.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
 */
const SESSION_CALLS = new Set([
  "AssumeRole",
  "AssumeRoleWithSAML",
  "AssumeRoleWithWebIdentity",
  "GetFederationToken",
]);

/**
 * The actions of those calls: a trail that does not record every one of them (STS logs its
 * AssumeRole as a read event; a write-only trail never shows one) cannot show a policy unused as a
 * session policy.
 */
export const SESSION_POLICY_ACTIONS: readonly string[] = [...SESSION_CALLS].map((name) => `sts:${name}`);

/**
 * The managed policies a request named as session policies. CloudTrail writes the request's
 * `PolicyArns` as `policyArns: [{"arn": "..."}]`; a bare ARN in the list, or the key as the API
 * spells it, is read too: a session policy missed is a plan that narrows sessions no proof saw.
 * Whatever the call's outcome: a refused or failed request still shows a workload passing it.
 */
export function sessionPolicyArns(event: CloudTrailEvent): string[] {
  if (event.eventSource !== "sts.amazonaws.com" || !SESSION_CALLS.has(event.eventName)) return [];
  const params = event.requestParameters;
  const list = params?.policyArns ?? params?.PolicyArns;
  if (!Array.isArray(list)) return [];
  const arns = list.flatMap((entry: unknown) => {
    const arn =
      entry && typeof entry === "object"
        ? ((entry as { arn?: unknown }).arn ?? (entry as { Arn?: unknown }).Arn)
        : entry;
    return typeof arn === "string" && arn !== "" ? [arn] : [];
  });
  return [...new Set(arns)];
}
