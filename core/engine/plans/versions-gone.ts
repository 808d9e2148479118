import type { IamState } from "./state.js";

/**
 * What a rollback can restore of `target` (a change's backup) given IAM `live` before it starts: a
 * policy's version deleted since, other than the default the backup holds, is left out. No IAM call
 * makes a version under a chosen id (CreatePolicyVersion assigns it), and only the default version
 * is in effect, so its absence changes no principal's access; demanding it back would fail every
 * rollback after the principals were restored.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
 */
export function withoutVersionsGone(target: IamState, live: IamState): IamState {
  return {
    principals: target.principals,
    policies: target.policies.map((p) => {
      const now = live.policies.find((q) => q.arn === p.arn);
      if (!now) return p;
      const versions = p.versions.filter(
        (v) => v.versionId === p.defaultVersionId || now.versions.some((w) => w.versionId === v.versionId),
      );
      return { ...p, versions };
    }),
  };
}
