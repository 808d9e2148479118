import type { CloudTrailEvent } from "./types.js";

export const POD_IDENTITY_SOURCE = "eks-auth.amazonaws.com";
export const POD_IDENTITY_EVENT = "AssumeRoleForPodIdentity";

/**
 * The role EKS Pod Identity handed a pod's credentials for: the Pod Identity Agent calls eks-auth's
 * AssumeRoleForPodIdentity with the pod's token, and the role associated with its service account
 * is named only in the answer (`assumedRoleUser.arn`, "the ARN of the IAM role that the temporary
 * credentials authenticate to"). A session ARN (`assumed-role/<name>/<session>`) is read as its
 * role's, by name (reconcileRoleArns finds a pathed role). Whether CloudTrail writes this answer,
 * and in which form, AWS's pages do not say: a record without it names no role, as before.
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_auth_AssumeRoleForPodIdentity.html
 * https://docs.aws.amazon.com/eks/latest/APIReference/API_auth_AssumedRoleUser.html
 */
export function podIdentityRole(event: CloudTrailEvent): string | undefined {
  if (event.eventSource !== POD_IDENTITY_SOURCE || event.eventName !== POD_IDENTITY_EVENT) return undefined;
  const user = event.responseElements?.assumedRoleUser;
  const arn = user && typeof user === "object" ? (user as { arn?: unknown }).arn : undefined;
  if (typeof arn !== "string") return undefined;
  if (/^arn:[^:]+:iam::\d{12}:role\/./.test(arn)) return arn;
  const session = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return session ? `arn:${session[1]}:iam::${session[2]}:role/${session[3]}` : undefined;
}
