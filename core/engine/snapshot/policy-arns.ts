import { SnapshotInputError } from "./errors.js";
import type { Snapshot } from "./model.js";

/**
 * Every user, role and group, and every managed policy a principal names, attached or as its
 * boundary, is named by an ARN. The snapshot finds credentials, last-accessed data and policies
 * by ARN in plain objects, where a name such as `constructor`, `toString` or `__proto__` finds a
 * member every object has: a policy read as known and granting nothing, never as unread (whose
 * grants are unknown), one stored under `__proto__` dropped, and a user's credentials that are a
 * function, which ended the audit in a TypeError. No AWS output names them otherwise, so a file
 * that does is refused, naming the principal.
 */
export function refuseNonArnNames(snapshot: Snapshot, file: string): void {
  const principals = [
    ...snapshot.users.map((p) => ["user", p] as const),
    ...snapshot.roles.map((p) => ["role", p] as const),
    ...snapshot.groups.map((p) => ["group", p] as const),
  ];
  for (const [kind, { name, arn }] of principals)
    if (!PRINCIPAL_ARN.test(arn))
      throw new SnapshotInputError(
        `the ${kind} ${JSON.stringify(name)} has the ARN ${JSON.stringify(arn)}, which is no IAM ARN: AWS names users, roles and groups by ARN (arn:aws:iam::…:${kind}/…), so the file was edited by hand or written by another tool`,
        { file },
      );
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
const PRINCIPAL_ARN = /^arn:[^:]+:iam::[^:]*:(user|role|group)\//;
