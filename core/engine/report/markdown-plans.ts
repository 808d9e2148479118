import { markdownCode as code, markdownFence, escapeMarkdown as md } from "./escape.js";
import { principalNames } from "./principal-names.js";
import type { Plan, Report } from "./schema.js";

const num = (n: number) => n.toLocaleString("en-US");

/** `1 policy`, `2 policies`: counts a reader sees in a ticket. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

function steps(plan: Plan): string[] {
  if (plan.target.type === "policy")
    return [`- write a new default version of ${code(plan.target.arn)} (the document below)`];
  return [
    ...plan.create.map((c) => `- create policy ${code(c.name)} (document below)`),
    ...plan.attach.map((name) => `- attach ${code(name)} to ${plan.target.type} ${code(plan.target.name)}`),
    ...plan.detach.map((arn) => `- detach ${code(arn)}`),
    ...plan.deleteInline.map((name) => `- delete inline policy ${code(name)}`),
  ];
}

function section(names: Map<string, string>, plan: Plan, n: number): string[] {
  const name = (arn: string) => names.get(arn) ?? arn;
  const check = (ok: boolean) => (ok ? "✅" : "❌");
  const risks = Object.entries(plan.removedRisks)
    .map(([risk, actions]) => `${risk}: ${actions.map(code).join(", ")}`)
    .join("; ");
  return [
    "",
    `### ${n}. ${plan.target.type} ${md(plan.target.name)} (${code(plan.id)})`,
    "",
    `${md(plan.summary)}.${risks ? ` Risky actions removed: ${risks}.` : ""}`,
    "",
    ...steps(plan),
    "",
    "Proven for every principal the change touches:",
    "",
    ...plan.proofs.map(
      (p) =>
        `- ${md(name(p.principalArn))}: ${check(p.withinCurrent)} within current permissions · ${check(p.coversObserved)} covers observed activity`,
    ),
    "",
    `Apply: \`whittle apply ${plan.id} --report report.json --yes\` (dry run without \`--yes\`; prints the change id to roll back).`,
    "",
    ...plan.create.flatMap((c) => [
      `**${md(c.name)}**`,
      "",
      markdownFence(JSON.stringify(c.document, null, 2), "json"),
      "",
    ]),
    "<details><summary>Terraform</summary>",
    "",
    markdownFence(plan.iac.terraform, "hcl"),
    "",
    "</details>",
    "",
    "<details><summary>CloudFormation</summary>",
    "",
    markdownFence(plan.iac.cloudformation, "json"),
    "",
    "</details>",
  ];
}

/** The changes to make, riskiest first: one section per plan, each fit to paste into a ticket. */
export function* plansMarkdown(report: Report): Generator<string[]> {
  const out = ["", "## Changes to make", ""];
  if (report.plans.length === 0) {
    out.push("No change plan (no principal with activity in the window, or nothing to remove).");
    yield out;
    return;
  }
  out.push(
    `${plural(report.plans.length, "plan")}, in order of risky grants removed. Each replaces policies with proven least-privilege ones.`,
  );
  yield out;
  const names = principalNames(report);
  for (let i = 0; i < report.plans.length; i++) yield section(names, report.plans[i]!, i + 1);
}
