import type { ChangeRecord } from "../engine/plans/change.js";
import type { IamState } from "../engine/plans/state.js";
import { type Iam, principalIdentity, readPolicy, readPrincipal } from "./iam-state.js";

/**
 * The principals a rollback would give more than anyone gave them: those that took up, since the
 * change, what it narrowed. A policy the change wrote a new default version of, attached since to
 * another user, role or group, or a group holding it (or the group the change trimmed) that
 * gained members since: they were given the narrowed grants, and restoring the replaced version
 * (or the group's replaced policies) would hand them its wider ones, which no one reviewed for
 * them. `live`: the scope's principals as IAM holds them now.
 */
export async function reachedSince(iam: Iam, record: ChangeRecord, live: IamState): Promise<string[]> {
  const out: string[] = [];
  const { target } = record.plan;
  if (target.type === "group") {
    const before = record.before.principals.find((p) => p.type === "group" && p.name === target.name);
    const now = live.principals.find((p) => p.type === "group" && p.name === target.name);
    joined(target.name, before?.members, now?.members, record, out);
  }
  if (target.type !== "policy") return out;
  const before = record.before.policies.find((p) => p.arn === target.arn);
  const now = await readPolicy(iam, target.arn);
  if (!before || !now) return out;
  const others = now.attachedTo.filter((e) => !before.attachedTo.includes(e));
  if (others.length > 0)
    out.push(
      `${target.arn}, whose default version ${record.changeId} replaced, is now attached to ${others.join(", ")} too, which restoring the replaced version would give its grants; detach it there first`,
    );
  // The holder groups' members as the change found them: the plan records them (apply checked
  // them unchanged), the change's own reading holds no principal of a policy's plan.
  const audited = record.plan.before.kept?.principals ?? [];
  for (const entity of before.attachedTo.filter((e) => e.startsWith("group/"))) {
    const name = entity.slice("group/".length);
    const members = audited.find((p) => p.type === "group" && p.name === name)?.members;
    if (!members) {
      out.push(
        `the members of group ${name}, which holds ${target.arn}, at ${record.changeId} are not recorded, so whether restoring the replaced version gives it to users that joined since cannot be told`,
      );
      continue;
    }
    joined(name, members, (await readPrincipal(iam, "group", name))?.members, record, out);
  }
  return out;
}

function joined(
  group: string,
  before: readonly string[] | undefined,
  now: readonly string[] | undefined,
  record: ChangeRecord,
  out: string[],
): void {
  const added = (now ?? []).filter((m) => !(before ?? []).includes(m));
  if (added.length > 0)
    out.push(
      `group ${group} has members ${added.join(", ")} since ${record.changeId}, whom restoring what it replaced would give more than they were given; remove them from the group first`,
    );
}

/**
 * The principals a rollback would restore onto, or give a rewritten policy's replaced version to,
 * that were deleted and made again under their names since the audit (whose ids apply checked):
 * another principal, which never held what the change replaced. For a policy's plan, every user,
 * role and group its proofs counted, the policy's holders and their groups' members among them.
 */
export async function remadeSince(iam: Iam, record: ChangeRecord): Promise<string[]> {
  const { before, target } = record.plan;
  const audited = [
    ...before.principals,
    ...(target.type === "policy" ? (before.kept?.principals ?? []) : []),
  ];
  const out: string[] = [];
  for (const p of audited) {
    if (!p.id) continue;
    const id = (await principalIdentity(iam, p.type, p.name))?.id;
    if (id && id !== p.id)
      out.push(
        `${p.type} ${p.name} was deleted and made again since ${record.changeId} (id ${id}, was ${p.id}): another principal, which restoring would give what the change replaced`,
      );
  }
  return out;
}
