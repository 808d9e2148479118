import { plural } from "../markdown-plans.js";
import { principalNames } from "../principal-names.js";
import type { Plan, Report } from "../schema.js";
import { checkBadge, esc, num, pretty, principalAnchors, principalLink } from "./markup.js";
import { detailsText, type HtmlOptions } from "./packed.js";
import {
  documentAnchor,
  recommendationAnchor,
  type SharedDocuments,
  sharedDocuments,
} from "./shared-documents.js";

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

/** The documents the plan creates, or links to them in the recommendation that holds the same. */
function documents(plan: Plan, rec: number | undefined): string {
  if (rec === undefined)
    return plan.create
      .map((c) => `<h4>${esc(c.name)}</h4><pre class="code">${esc(pretty(c.document))}</pre>`)
      .join("");
  if (plan.create.length === 0) return "";
  const links = plan.create.map((c, i) => `<li><a href="#${documentAnchor(rec, i)}">${esc(c.name)}</a></li>`);
  return (
    `<p class="meta">The documents it creates are those of the <a href="#${recommendationAnchor(rec)}">recommended policy</a>, with Copy buttons:</p>` +
    `<ul class="plan-documents">${links.join("")}</ul>`
  );
}

function planSection(
  anchors: Map<string, string>,
  names: Map<string, string>,
  plan: Plan,
  n: number,
  rec: number | undefined,
  options: HtmlOptions,
): string {
  const proofs = plan.proofs
    .map(
      (p) =>
        `<li>${principalLink(anchors, names, p.principalArn)} ${checkBadge(p.withinCurrent, "within current")} ${checkBadge(p.coversObserved, "covers observed")}</li>`,
    )
    .join("");
  return [
    `<article class="plan" id="${esc(plan.id)}">`,
    `<h3>${n}. ${esc(plan.target.type)} ${esc(plan.target.name)} <code>${esc(plan.id)}</code></h3>`,
    `<p>${esc(plan.summary)} · <strong>${num(plan.riskRemoved)}</strong> risky</p>`,
    steps(plan),
    `<p class="meta">Proven for every principal the change touches:</p><ul>${proofs}</ul>`,
    `<p class="meta">Apply: <code>whittle apply ${esc(plan.id)} --report report.json --yes</code></p>`,
    documents(plan, rec),
    detailsText(options, "Terraform", plan.iac.terraform, `class="code"`),
    detailsText(options, "CloudFormation", plan.iac.cloudformation, `class="code"`),
    "</article>",
  ].join("");
}

/**
 * The changes to make, riskiest first: what a reader acts on, before the evidence below. Yielded a
 * plan at a time: with their documents and IaC, an account's plans reach tens of megabytes.
 */
export function* plansSection(
  report: Report,
  shared: SharedDocuments = sharedDocuments(report),
  options: HtmlOptions = {},
): Generator<string> {
  const anchors = principalAnchors(report);
  const names = principalNames(report);
  yield `<section id="plans"><h2>Changes to make</h2>`;
  if (report.plans.length === 0)
    yield "<p>No change plan (no principal with activity in the window, or nothing to remove).</p>";
  else yield `<p>${esc(plural(report.plans.length, "plan"))}, in order of risky grants removed.</p>`;
  for (let i = 0; i < report.plans.length; i++)
    yield planSection(anchors, names, report.plans[i]!, i + 1, shared.recommendationOf.get(i), options);
  yield "</section>";
}
