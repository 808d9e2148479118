import type { ChangeRecord } from "./change.js";
import { canonical, type IamState } from "./state.js";

/**
 * The inline policies of a change's principals that IAM did not hold before the change and the
 * change did not write: a rollback puts back the backup's documents and deletes every other inline
 * policy, so these documents, kept in no backup, would be lost. The change writes inline only the
 * copies of its new policies it stages at the quota of managed policies (under their names).
 */
export function inlineWrittenSince(record: Pick<ChangeRecord, "before" | "plan">, live: IamState): string[] {
  const { plan } = record;
  const out: string[] = [];
  for (const p of live.principals) {
    const before = record.before.principals.find((q) => q.type === p.type && q.name === p.name);
    if (!before) continue;
    const staged = plan.target.type === p.type && plan.target.name === p.name ? plan.create : [];
    for (const i of p.inline) {
      const seen = canonical(i.document);
      const was = before.inline.find((q) => q.name === i.name);
      if (was && canonical(was.document) === seen) continue;
      if (staged.some((c) => c.name === i.name && canonical(c.document) === seen)) continue;
      out.push(`${p.type} ${p.name} inline policy ${i.name} was ${was ? "rewritten" : "added"}`);
    }
  }
  return out;
}
