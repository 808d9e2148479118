import type { ChangeRecord } from "../engine/plans/change.js";
import { canonical, type IamState } from "../engine/plans/state.js";
import { type Iam, readDefaultVersion } from "./iam-state.js";

/**
 * The users and roles whose permissions boundary was removed, replaced, or rewritten since the
 * change. What the change replaced was held in check by that boundary (a principal's permissions are
 * what both its policies and its boundary allow), so restoring it without the boundary as it was
 * could give the principal more than it ever had. A boundary put on since only narrows, and passes.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
export async function unboundedSince(iam: Iam, record: ChangeRecord, live: IamState): Promise<string[]> {
  const out: string[] = [];
  for (const before of record.before.principals) {
    if (before.type === "group" || !before.boundary) continue;
    const now = live.principals.find((p) => p.type === before.type && p.name === before.name);
    if (!now) continue;
    const who = `${before.type} ${before.name} permissions boundary`;
    if ((now.boundary ?? null) !== before.boundary) {
      out.push(`${who} is ${now.boundary ?? "none"} since ${record.changeId}, was ${before.boundary}`);
      continue;
    }
    // The boundary's document as the audit read it, which apply checked unchanged.
    const audited = record.plan.before.kept?.policies.find((p) => p.arn === before.boundary);
    if (!audited) continue;
    const current = (await readDefaultVersion(iam, before.boundary))?.versions[0]?.document;
    if (canonical(current) !== canonical(audited.document))
      out.push(`${who} ${before.boundary} has another default document since ${record.changeId}`);
  }
  return out;
}
