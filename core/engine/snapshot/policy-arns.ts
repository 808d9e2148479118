import { SnapshotInputError } from "./errors.js";
import type { Snapshot } from "./model.js";

/**
 * Every managed policy a principal names, attached or as its boundary, is named by an ARN. The
 * snapshot finds policies by ARN in a plain object, where a name such as `constructor`, `toString`
 * or `__proto__` finds a member every object has: the policy read as known and granting nothing,
 * never as unread (whose grants are unknown), and one stored under `__proto__` was dropped. No
 * AWS output names a policy otherwise, so a file that does is refused, naming the principal.
 */
export function refuseNonArnPolicies(snapshot: Snapshot, file: string): void {
  for (const principal of [...snapshot.users, ...snapshot.roles]) {
    checked(principal.arn, principal.attachedPolicyArns, file);
    if (principal.permissionsBoundaryArn !== undefined)
      checked(principal.arn, [principal.permissionsBoundaryArn], file);
  }
  for (const group of snapshot.groups) checked(group.arn, group.attachedPolicyArns, file);
}

function checked(principal: string, arns: readonly string[], file: string): void {
  for (const arn of arns) {
    if (!ARN.test(arn))
      throw new SnapshotInputError(
        `${principal} names the managed policy ${JSON.stringify(arn)}, which is no ARN: AWS names policies by ARN (arn:aws:iam::…:policy/…), so the file was edited by hand or written by another tool`,
        { file },
      );
  }
}

const ARN = /^arn:[^:]+:iam::[^:]*:policy\//;
