import type { ChangeRecord } from "./change.js";
import type { IamState } from "./state.js";

/**
 * The managed policies attached to a change's principals since, by others: neither held before the
 * change nor created by it. A rollback restores the principal's attachments exactly, so it would
 * detach them, taking from the principal what someone gave it after the change (a new job's
 * access), which the change never touched.
 */
export function attachedSince(record: Pick<ChangeRecord, "before" | "creates">, live: IamState): string[] {
  const out: string[] = [];
  for (const p of live.principals) {
    const before = record.before.principals.find((q) => q.type === p.type && q.name === p.name);
    if (!before) continue;
    const added = p.attached.filter((arn) => !before.attached.includes(arn) && !record.creates.includes(arn));
    if (added.length > 0) out.push(`${p.type} ${p.name} has ${added.join(", ")} attached`);
  }
  return out;
}
