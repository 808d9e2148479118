import { plural } from "../markdown-plans.js";
import { principalNames } from "../principal-names.js";
import type { Plan, Report } from "../schema.js";
import { checkBadge, esc, num, pretty, principalAnchors, principalLink } from "./markup.js";

function steps(plan: Plan): string {
  const items =
    plan.target.type === "policy"
      ? [`write a new default version of <code>${esc(plan.target.arn)}</code>`]
      : [
          ...plan.create.map((c) => `create policy <code>${esc(c.name)}</code>`),
          ...plan.attach.map((n) => `attach <code>${esc(n)}</code>`),
          ...plan.detach.map((a) => `detach <code>${esc(a)}</code>`),
          ...plan.deleteInline.map((n) => `delete inline policy <code>${esc(n)}</code>`),
        ];
  return `<ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul>`;
}

function planSection(
  anchors: Map<string, string>,
  names: Map<string, string>,
  plan: Plan,
  n: number,
): string {
  const proofs = plan.proofs
    .map(
      (p) =>
        `<li>${principalLink(anchors, names, p.principalArn)} ${checkBadge(p.withinCurrent, "within current")} ${checkBadge(p.coversObserved, "covers observed")}</li>`,
    )
    .join("");
  const documents = plan.create
    .map((c) => `<h4>${esc(c.name)}</h4><pre class="code">${esc(pretty(c.document))}</pre>`)
    .join("");
  return [
    `<article class="plan" id="${esc(plan.id)}">`,
    `<h3>${n}. ${esc(plan.target.type)} ${esc(plan.target.name)} <code>${esc(plan.id)}</code></h3>`,
    `<p>${esc(plan.summary)} · <strong>${num(plan.riskRemoved)}</strong> risky</p>`,
    steps(plan),
    `<p class="meta">Proven for every principal the change touches:</p><ul>${proofs}</ul>`,
    `<p class="meta">Apply: <code>whittle apply ${esc(plan.id)} --report report.json --yes</code></p>`,
    documents,
    `<details><summary>Terraform</summary><pre class="code">${esc(plan.iac.terraform)}</pre></details>`,
    `<details><summary>CloudFormation</summary><pre class="code">${esc(plan.iac.cloudformation)}</pre></details>`,
    "</article>",
  ].join("");
}

/**
 * The changes to make, riskiest first: what a reader acts on, before the evidence below. Yielded a
 * plan at a time: with their documents and IaC, an account's plans reach tens of megabytes.
 */
export function* plansSection(report: Report): Generator<string> {
  const anchors = principalAnchors(report);
  const names = principalNames(report);
  yield `<section id="plans"><h2>Changes to make</h2>`;
  if (report.plans.length === 0)
    yield "<p>No change plan (no principal with activity in the window, or nothing to remove).</p>";
  else yield `<p>${esc(plural(report.plans.length, "plan"))}, in order of risky grants removed.</p>`;
  for (let i = 0; i < report.plans.length; i++) yield planSection(anchors, names, report.plans[i]!, i + 1);
  yield "</section>";
}
