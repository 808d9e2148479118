import assert from "node:assert/strict";
import { test } from "node:test";
import { renderOrgHtml } from "../../../core/engine/organization/render-html.js";
import { renderOrgMarkdown } from "../../../core/engine/organization/render-markdown.js";
import { DEV, orgReportFixture, orgSnapshots, PROD } from "./org-fixture.js";

/** The rollup's warnings about its audited accounts (the fixture's third account is not audited). */
const ofAudited = (w: string) => w.startsWith(`${PROD}: `) || w.startsWith(`${DEV}: `);

const RCPS_UNREAD =
  "the organization's resource control policies could not be read (their limits are not applied): AccessDeniedException: You don't have permissions to access this resource.";

test("an account's warning that bears on its findings is a warning of the rollup, with the account id", async () => {
  const [prod, dev] = orgSnapshots();
  const report = await orgReportFixture([prod!, { ...dev!, warnings: [RCPS_UNREAD] }]);
  assert.deepEqual(report.warnings.filter(ofAudited), [`${DEV}: ${RCPS_UNREAD}`]);
  const markdown = renderOrgMarkdown(report);
  assert.ok(
    markdown.includes(`## Warnings\n\n- ${DEV}: the organization's resource control policies`),
    markdown,
  );
  assert.ok(renderOrgHtml(report).includes(`<li>${DEV}: the organization&#39;s resource control policies`));
});

test("an account whose audit warns of nothing adds nothing to the rollup's warnings", async () => {
  const report = await orgReportFixture();
  assert.deepEqual(report.warnings.filter(ofAudited), []);
  assert.ok(report.accounts.some((a) => a.accountId === PROD && a.status === "audited"));
});
