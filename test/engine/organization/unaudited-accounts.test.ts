import assert from "node:assert/strict";
import { test } from "node:test";
import { renderOrgHtml } from "../../../core/engine/organization/render-html.js";
import { renderOrgMarkdown } from "../../../core/engine/organization/render-markdown.js";
import { snapshotWith } from "../../helpers/snapshot-fixture.js";
import { ASSUME_ANY, DEV, orgReportFixture, PROD, roleIn, trusting } from "./org-fixture.js";

const LEGACY = "333333333333";

/**
 * Production's Deploy role trusts a role of the legacy account, which could not be audited (the
 * fixture's third account): whether that role may assume Deploy is not known, and the rollup must
 * not read as if no path existed.
 */
test("an account that could not be audited leaves the cross-account paths from or into it unknown, and the rollup says so", async () => {
  const prod = snapshotWith({
    accountId: PROD,
    roles: [
      roleIn(
        PROD,
        "Deploy",
        { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
        trusting(`arn:aws:iam::${LEGACY}:role/CI`),
      ),
    ],
  });
  const dev = snapshotWith({
    accountId: DEV,
    roles: [roleIn(DEV, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`))],
  });
  const report = await orgReportFixture([prod, dev]);
  assert.equal(report.summary.crossAccountPaths, 0);
  const warning = report.warnings.find((w) => w.startsWith(`${LEGACY}: `));
  assert.ok(warning, JSON.stringify(report.warnings));
  assert.match(warning, /not audited/);
  assert.match(warning, /cross-account paths from or into it are not known/);
  assert.ok(renderOrgMarkdown(report).includes("## Warnings"), "the Markdown rollup shows it");
  const html = renderOrgHtml(report);
  assert.ok(!html.includes("<p>None found.</p>\n<h2>Permission sets"), "no bare 'None found' for paths");
  assert.match(html, /None found among the audited accounts/);
});

test("a rollup whose every account was audited says plainly when it found no path", async () => {
  const report = await orgReportFixture();
  const audited = {
    ...report,
    summary: { ...report.summary, accounts: 2, failed: 0 },
    accounts: report.accounts.filter((a) => a.status === "audited"),
    warnings: [],
  };
  assert.match(renderOrgHtml(audited), /<h2>Cross-account paths<\/h2>\n<table>/);
  const none = { ...audited, crossAccountPaths: [], summary: { ...audited.summary, crossAccountPaths: 0 } };
  assert.ok(renderOrgHtml(none).includes("<h2>Cross-account paths</h2>\n<p>None found.</p>"));
});

test("with an account not audited, the page does not say that no principal has findings or that no permission set exists", async () => {
  const report = await orgReportFixture();
  const quiet = { ...report, worstPrincipals: [], permissionSets: [] };
  const html = renderOrgHtml(quiet);
  assert.ok(!html.includes("<p>No principal has open findings.</p>"), "unqualified for the worst principals");
  assert.ok(
    !html.includes(
      "<h2>Permission sets</h2>\n<p>One inline policy per IAM Identity Center permission set, proven against every audited account that holds its role.</p>\n<p>None found.</p>",
    ),
    "unqualified for the permission sets",
  );
  assert.match(html, /No principal of the audited accounts has open findings/);
});
