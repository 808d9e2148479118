import type { CrossAccountPath } from "./cross-account.js";

/**
 * Whether the path's role gives its caller nothing the caller lacks: every way on from it comes
 * back to the caller before reaching any other role that gives something (CI → Admin → CI → Deploy,
 * where CI reaches Deploy itself, and no surer than it does, since the chain ends with CI's own
 * edges). A way on to any other role keeps the path, as that role may give more, or more surely,
 * and so does a role on the way that holds something itself, unless it is of the caller's account
 * and reached without leaving it, where that account's analysis reports what it holds. A way back
 * to a principal the caller takes over on the way (`through`) comes back to the caller too: the
 * caller's paths through that principal give what it reaches.
 */
export function onlyBackToCaller(
  path: CrossAccountPath,
  onwardOf: ReadonlyMap<string, readonly { roleArn: string }[]>,
  holdsItself: (roleArn: string) => boolean,
): boolean {
  const callers = new Set([path.from.principalArn, ...(path.through ?? []).map((t) => t.principalArn)]);
  const seen = new Set<string>();
  const queue: [string, boolean][] = [[path.to.roleArn, false]];
  for (let step = queue.pop(); step !== undefined; step = queue.pop()) {
    const left = step[1] || step[0].split(":")[4] !== path.from.accountId;
    const arn = step[0];
    if (seen.has(`${left} ${arn}`)) continue;
    seen.add(`${left} ${arn}`);
    const edges = onwardOf.get(arn);
    if (!edges || (left && holdsItself(arn))) return false;
    for (const { roleArn } of edges) if (!callers.has(roleArn)) queue.push([roleArn, left]);
  }
  return true;
}
