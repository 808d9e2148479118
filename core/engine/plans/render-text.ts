import { escapeTerminal as term } from "../report/escape.js";
import type { Plan } from "../report/schema.js";

/**
 * The plan as the terminal shows it before `--yes`: what will change, and for whom it is proven.
 * Names and ARNs come from the account (or a forged snapshot): escaped, a line break in one cannot
 * print a line of its own ("proof holds") nor an ESC sequence erase the line that detaches a policy.
 */
export function renderPlanText(plan: Plan): string {
  const lines = [
    `${term(plan.id)}: ${plan.target.type} ${term(plan.target.name)}`,
    `  ${term(plan.summary)}`,
  ];
  if (plan.target.type === "policy") lines.push(`  new default version of ${term(plan.target.arn)}`);
  for (const c of plan.create)
    if (plan.target.type !== "policy") lines.push(`  create policy  ${term(c.name)}`);
  for (const name of plan.attach) lines.push(`  attach         ${term(name)}`);
  for (const arn of plan.detach) lines.push(`  detach         ${term(arn)}`);
  for (const name of plan.deleteInline) lines.push(`  delete inline  ${term(name)}`);
  for (const p of plan.proofs) {
    const ok = p.withinCurrent && p.coversObserved;
    lines.push(`  proof ${ok ? "holds" : "FAILS"}    ${term(p.principalArn)}`);
  }
  return `${lines.join("\n")}\n`;
}
