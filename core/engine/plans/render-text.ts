import type { Plan } from "../report/schema.js";

/** The plan as the terminal shows it before `--yes`: what will change, and for whom it is proven. */
export function renderPlanText(plan: Plan): string {
  const lines = [`${plan.id}: ${plan.target.type} ${plan.target.name}`, `  ${plan.summary}`];
  if (plan.target.type === "policy") lines.push(`  new default version of ${plan.target.arn}`);
  for (const c of plan.create) if (plan.target.type !== "policy") lines.push(`  create policy  ${c.name}`);
  for (const name of plan.attach) lines.push(`  attach         ${name}`);
  for (const arn of plan.detach) lines.push(`  detach         ${arn}`);
  for (const name of plan.deleteInline) lines.push(`  delete inline  ${name}`);
  for (const p of plan.proofs) {
    const ok = p.withinCurrent && p.coversObserved;
    lines.push(`  proof ${ok ? "holds" : "FAILS"}    ${p.principalArn}`);
  }
  return `${lines.join("\n")}\n`;
}
