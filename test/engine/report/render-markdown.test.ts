import assert from "node:assert/strict";
import { test } from "node:test";
import { SEVERITIES } from "../../../core/engine/findings/types.js";
import { escapeMarkdown, markdownCode, markdownFence } from "../../../core/engine/report/escape.js";
import { renderMarkdown } from "../../../core/engine/report/render-markdown.js";
import { ARNS, HOSTILE_NAME, reportFixture, reportWithCoverage } from "../../fixtures/report-fixture.js";

/** Cells of a GFM table row: split on pipes that are not backslash-escaped. */
const cells = (row: string) => row.split(/(?<!\\)\|/).slice(1, -1);

test("Markdown escaping neutralizes pipes, backticks, HTML, links and line breaks", () => {
  assert.equal(escapeMarkdown(HOSTILE_NAME), "\\<img src=x onerror=alert\\(1\\)\\>");
  assert.equal(escapeMarkdown("a|b"), "a\\|b");
  assert.equal(escapeMarkdown("`rm -rf`"), "\\`rm -rf\\`");
  assert.equal(escapeMarkdown("[click](http://x)"), "\\[click\\]\\(http://x\\)");
  assert.equal(escapeMarkdown("&amp;"), "\\&amp;");
  assert.equal(escapeMarkdown("one\ntwo\u2028three"), "one two three");
});

test("report.md holds no control character, so printing it (--format markdown) cannot drive the terminal", () => {
  const report = reportFixture();
  // ESC starts ANSI sequences: a colour, a window title, OSC 52 writing the clipboard.
  const hostile = "ops\u001b]52;c;cm0gLXJmIH4=\u0007\u001b[2J\u009b31m\u0000";
  report.principals[1]!.name = hostile;
  report.findings[0]!.title = `${hostile} is an administrator`;
  report.plans[0]!.deleteInline = [hostile];
  report.plans[0]!.iac.terraform = `# ${hostile}\nresource "x" "y" {}`;
  const md = renderMarkdown(report);
  assert.ok(md.includes("ops\uFFFD]52"), "the name is still shown, its control characters replaced");
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
  assert.doesNotMatch(md, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  assert.equal(escapeMarkdown("a\tb"), "a\tb", "a tab is no control sequence");
});

test("a fence is longer than any backtick run in the block", () => {
  assert.equal(markdownFence("{}", "json"), "```json\n{}\n```");
  assert.equal(markdownFence("a ```` b"), "`````\na ```` b\n`````");
});

test("a text of 200,000 backtick runs (a forged document in a plan's IaC) is fenced, not a stack overflow", () => {
  const text = `${"`a".repeat(200_000)}\`\``;
  assert.equal(markdownFence(text), `\`\`\`\n${text}\n\`\`\``);
  assert.equal(markdownCode(text), `\`\`\` ${text} \`\`\``);
});

test("the summary table has one value per severity and matches the report", () => {
  const report = reportFixture();
  const lines = renderMarkdown(report).split("\n");
  const header = lines.findIndex((l) => l.startsWith("| Critical |"));
  const values = cells(lines[header + 2]!).map((c) => c.trim());
  assert.deepEqual(values.slice(0, 5), ["3", "4", "5", "3", "2"]);
  assert.equal(values[5], String(report.summary.suppressed));
});

test("a principal name with a pipe does not add a table column", () => {
  const report = reportFixture();
  report.principals[1]!.name = "ci|deployer";
  const md = renderMarkdown(report);
  const row = md.split("\n").find((l) => l.startsWith("| ci\\|deployer"));
  assert.ok(row, "the escaped name starts a row of the top-principals table");
  assert.equal(cells(row).length, 8);
});

test("findings are grouped by severity with principal and title, hostile text escaped", () => {
  const md = renderMarkdown(reportFixture());
  // Code spans show their text as text; elsewhere, HTML must be escaped.
  const outsideCode = md.replace(/(`+)(?!`)[^\n]*?(?<!`)\1(?!`)/g, "");
  assert.doesNotMatch(outsideCode, /(?<!\\)<img/);
  assert.ok(md.includes("### Critical (3)"));
  assert.ok(
    md.includes(
      "- **\\<img src=x onerror=alert\\(1\\)\\>** (admin-access): \\<img src=x onerror=alert\\(1\\)\\> is effectively an administrator \\(\\* on \\*\\)",
    ),
  );
  assert.ok(md.includes("_(suppressed: break-glass key kept offline by the security team)_"));
  const critical = md.indexOf("### Critical");
  const info = md.indexOf("### Info");
  assert.ok(critical < md.indexOf("### High") && md.indexOf("### Low") < info);
});

test("recommendations carry their summary, checks and each policy as a JSON block", () => {
  const report = reportFixture();
  const md = renderMarkdown(report);
  assert.ok(md.includes("### app-orders-api"));
  assert.ok(md.includes("✅ within current permissions · ✅ covers observed activity"));
  const section = md.slice(md.indexOf("## Recommendations"));
  const blocks = [...section.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]!));
  assert.deepEqual(
    blocks,
    report.recommendations.flatMap((r) => r.policies.map((p) => p.document)),
  );
});

test("the changes to make come first, one section per plan, with steps, proofs and IaC in fences", () => {
  const report = reportFixture();
  const md = renderMarkdown(report);
  const sections = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  assert.equal(sections[0], "Changes to make");
  const plan = report.plans[0]!;
  assert.ok(md.includes(`### 1. group developers (\`${plan.id}\`)`));
  assert.ok(md.includes("- detach `arn:aws:iam::aws:policy/AmazonS3FullAccess`"));
  assert.ok(md.includes("- alice: ✅ within current permissions · ✅ covers observed activity"));
  assert.ok(md.includes(`whittle apply ${plan.id} --report report.json --yes`));
  assert.ok(md.includes(`\`\`\`hcl\n${plan.iac.terraform}\n\`\`\``));
  assert.ok(md.includes(`- delete inline policy \`${HOSTILE_NAME}\``), "a code span shows HTML as text");
});

/** The texts of a line's code spans as CommonMark reads them: no escapes, one padding space stripped. */
function codeSpans(line: string): string[] {
  const spans: string[] = [];
  const runs = [...line.matchAll(/`+/g)];
  for (let i = 0; i < runs.length; i++) {
    const open = runs[i]!;
    const close = runs.findIndex((r, j) => j > i && r[0].length === open[0].length);
    if (close === -1) continue;
    const text = line.slice(open.index + open[0].length, runs[close]!.index);
    const padded = text.length > 1 && text.startsWith(" ") && text.endsWith(" ") && text.trim() !== "";
    spans.push(padded ? text.slice(1, -1) : text);
    i = close;
  }
  return spans;
}

test("names and ARNs in a plan's steps read as written: code spans take no backslash escapes", () => {
  const report = reportFixture();
  const plan = report.plans[0]!;
  // AWS's own name, with an underscore; and names that start, end or are full of backticks.
  plan.detach = ["arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"];
  plan.deleteInline = ["`edge`", "a``b|c*d_e\\f", "two\nlines"];
  const md = renderMarkdown(report);
  const step = (prefix: string) => codeSpans(md.split("\n").find((l) => l.startsWith(prefix))!);
  assert.deepEqual(step("- detach "), ["arn:aws:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess"]);
  const deleted = md.split("\n").filter((l) => l.startsWith("- delete inline policy "));
  assert.deepEqual(
    deleted.flatMap((l) => codeSpans(l)),
    ["`edge`", "a``b|c*d_e\\f", "two lines"],
  );
  assert.equal(markdownCode("a_b"), "`a_b`");
});

test("severity headings count open findings, as the summary does; suppressed ones are listed apart", () => {
  const report = reportFixture();
  const md = renderMarkdown(report);
  for (const severity of SEVERITIES) {
    const heading = new RegExp(
      `^### ${severity[0]!.toUpperCase()}${severity.slice(1)} \\((\\d+)\\)$`,
      "m",
    ).exec(md);
    assert.equal(Number(heading?.[1] ?? 0), report.summary.findings[severity], severity);
  }
  const suppressed = /^### Suppressed \((\d+)\)$/m.exec(md);
  assert.equal(Number(suppressed?.[1]), report.summary.suppressed);
});

test("findings about one statement of one policy are one line naming the policy, the statement and every principal", () => {
  const report = reportFixture();
  const base = report.findings.find((f) => !f.suppressed)!;
  const about = (principalArn: string, title: string) => ({
    ...base,
    id: `${principalArn}-${title}`,
    kind: "resource-wildcard" as const,
    severity: "low" as const,
    principalArn,
    policyArn: "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
    statementIndex: 3,
    title,
  });
  report.findings = [
    about(ARNS.app, "app may change any resource"),
    about(ARNS.ci, "ci may change any resource"),
  ];
  const md = renderMarkdown(report);
  const lines = md.split("\n").filter((l) => l.includes("AmazonDynamoDBFullAccess"));
  assert.deepEqual(lines, [
    "- **policy AmazonDynamoDBFullAccess, statement 3** (resource-wildcard): 2 principals: app-orders-api, ci-deployer",
  ]);
});

test("findings on an inline or a trust policy's statement name that policy and the statement", () => {
  const report = reportFixture();
  const base = report.findings.find((f) => !f.suppressed)!;
  report.findings = [
    {
      ...base,
      id: "inline",
      kind: "pass-role-wildcard",
      principalArn: ARNS.ci,
      policySource: `${ARNS.ci}#inline/deploy`,
      statementIndex: 1,
      title: "ci-deployer may pass any role",
    },
    {
      ...base,
      id: "trust",
      kind: "trust-any-principal",
      principalArn: ARNS.ci,
      policySource: `${ARNS.ci}#trust`,
      statementIndex: 0,
      title: "Any AWS principal may assume ci-deployer",
    },
  ];
  const lines = renderMarkdown(report)
    .split("\n")
    .filter((l) => l.includes("ci-deployer may pass") || l.includes("may assume ci-deployer"));
  assert.deepEqual(lines.sort(), [
    "- **inline policy deploy of ci-deployer, statement 1** (pass-role-wildcard): ci-deployer may pass any role",
    "- **trust policy of ci-deployer, statement 0** (trust-any-principal): Any AWS principal may assume ci-deployer",
  ]);
});

test("evidence coverage lists each source's records, span, regions, accounts, failures, gaps and completeness", () => {
  const md = renderMarkdown(reportWithCoverage());
  const lines = md.split("\n");
  const header = lines.findIndex((l) => l.startsWith("| Source | Records |"));
  assert.ok(lines.indexOf("## Evidence coverage") < header && header > 0);
  assert.deepEqual(
    cells(lines[header + 2]!).map((c) => c.trim()),
    [
      "s3://trail-bucket/AWSLogs/",
      "48,331",
      "2026-08-24 → 2026-11-21",
      "eu-west-1, us-east-1",
      "123456789012",
      "3",
      escapeMarkdown("2 days missing (123456789012/us-east-1)"),
      "**no**",
    ],
  );
  assert.deepEqual(
    cells(lines[header + 3]!).map((c) => c.trim()),
    ["lookup-events", "0", "no record", "none", "none", "0", "none", "yes"],
  );
  assert.ok(
    lines.includes(
      `- **${escapeMarkdown("a day of the window has no delivery file (us-east-1)")}** (2): ${escapeMarkdown(HOSTILE_NAME)}, alice`,
    ),
    md,
  );
});

test("a report without coverage data has no coverage section", () =>
  assert.ok(!renderMarkdown(reportFixture()).includes("## Evidence coverage")));

test("report.md holds no bidirectional control, so no name or policy text shows reordered", () => {
  const report = reportFixture();
  const hostile = "rtl\u202Egnp.exe\u2067x\u2069";
  report.principals[1]!.name = hostile;
  report.findings[0]!.title = `${hostile} is an administrator`;
  report.plans[0]!.deleteInline = [hostile];
  report.plans[0]!.iac.terraform = `# ${hostile}\nresource "x" "y" {}`;
  const md = renderMarkdown(report);
  assert.ok(md.includes("rtl\uFFFDgnp.exe\uFFFDx\uFFFD"));
  assert.doesNotMatch(md, /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  assert.equal(markdownCode("a\u202Eb"), "`a\uFFFDb`");
});

test("a finding about an inline or trust policy without a principal is listed under that policy, not the account", () => {
  const report = reportFixture();
  const {
    principalArn: _p,
    policyArn: _a,
    statementIndex: _s,
    ...base
  } = report.findings.find((f) => !f.suppressed)!;
  report.findings = [
    {
      ...base,
      id: "inline",
      kind: "inline-policy",
      policySource: `${ARNS.ci}#inline/deploy`,
      title: "inline",
    },
  ];
  const lines = renderMarkdown(report)
    .split("\n")
    .filter((l) => l.includes("(inline-policy)"));
  assert.deepEqual(lines, [`- **${escapeMarkdown(`${ARNS.ci}#inline/deploy`)}** (inline-policy): inline`]);
});
