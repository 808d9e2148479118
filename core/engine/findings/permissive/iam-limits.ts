import type { PermissiveContext } from "./context.js";

/**
 * IAM's per-entity quotas that make a creating call fail until something is deleted: a user holds
 * at most two access keys, active or inactive (deactivating one frees no place), and a managed
 * policy keeps at most five versions.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access-keys-admin-managed.html ("you must delete one of the existing keys before you can create a new one")
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html#version-limits
 */
const MAX_ACCESS_KEYS = 2;
const MAX_POLICY_VERSIONS = 5;

/** Whether the credential report shows the user holding as many access keys as IAM allows. */
export function fullOfKeys(ctx: PermissiveContext, userArn: string): boolean {
  return (ctx.snapshot.credentials[userArn]?.accessKeys.length ?? 0) >= MAX_ACCESS_KEYS;
}

/** Whether the input lists the managed policy with as many versions as IAM keeps. */
export function fullOfVersions(ctx: PermissiveContext, policyArn: string): boolean {
  return (ctx.snapshot.managedPolicies[policyArn]?.versionCount ?? 0) >= MAX_POLICY_VERSIONS;
}
