import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ActivityItem, CloudTrailEvent } from "../../../core/engine/activity/types.js";
import type { PolicyDocument } from "../../../core/engine/generate/types.js";
import { renderOrgHtml } from "../../../core/engine/organization/render-html.js";
import { renderOrgMarkdown } from "../../../core/engine/organization/render-markdown.js";
import { type AccountOutcome, buildOrgReport } from "../../../core/engine/organization/rollup.js";
import { makeContext } from "../../../core/engine/policy/context.js";
import { PrincipalPermissions } from "../../../core/engine/policy/principal-permissions.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { AUDIT_NOW, auditOf, eventItem } from "../../helpers/audit-fixture.js";
import { catalog } from "../../helpers/catalog.js";
import { doc, input } from "../../helpers/policies.js";
import { role, snapshotWith } from "../../helpers/snapshot-fixture.js";
import { DEV, ORG_ID, PROD } from "./org-fixture.js";

const NOW = AUDIT_NOW;
const SET = "DataEng";
const roleName = `AWSReservedSSO_${SET}_0123456789abcdef`;
const roleArn = (account: string) =>
  `arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/${roleName}`;

/** What the set grants today, the same in every account unless a test says otherwise. */
const GRANTS = doc(
  { Effect: "Allow", Action: ["iam:GetRole", "iam:ListUsers", "s3:ListAllMyBuckets"], Resource: "*" },
  { Effect: "Deny", Action: "iam:DeleteRole", Resource: "*" },
);

function account(accountId: string, grants: object = GRANTS): Snapshot {
  return snapshotWith({
    accountId,
    roles: [
      role(roleName, {
        path: "/aws-reserved/sso.amazonaws.com/",
        arn: roleArn(accountId),
        inlinePolicies: [{ name: "AwsSSOInlinePolicy", document: grants }],
      }),
      role("deploy", { arn: `arn:aws:iam::${accountId}:role/deploy` }),
    ],
  });
}

/** A call the set's role made in `accountId`, by an Identity Center user's session. */
function call(accountId: string, eventSource: string, eventName: string, requestParameters = {}) {
  return {
    eventSource,
    eventName,
    requestParameters,
    recipientAccountId: accountId,
    userIdentity: {
      type: "AssumedRole",
      arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/alice@example.com`,
      accountId,
      sessionContext: { sessionIssuer: { type: "Role", arn: roleArn(accountId) } },
    },
  };
}

/** The account audited with a trail of `events`; `partial` trails say they left part of the window unread. */
async function audited(
  snapshot: Snapshot,
  events: Partial<CloudTrailEvent>[],
  partial = false,
): Promise<AccountOutcome> {
  const items: ActivityItem[] = events.map(eventItem);
  if (partial) items.push({ kind: "extent", extent: { complete: false } });
  const report = await auditOf(snapshot, items);
  return { accountId: snapshot.accountId, report, snapshot, reportPath: `${snapshot.accountId}/report.json` };
}

function rollup(accounts: AccountOutcome[]) {
  return buildOrgReport({
    catalog,
    auditedFrom: "999999999999",
    generatedAt: NOW.toISOString(),
    window: { start: "2026-03-03T00:00:00.000Z", end: NOW.toISOString(), days: 90 },
    organizationId: ORG_ID,
    accounts,
  });
}

const prodCalls = [
  call(PROD, "iam.amazonaws.com", "GetRole", { roleName: "deploy" }),
  call(PROD, "s3.amazonaws.com", "ListBuckets"),
];
const devCalls = [call(DEV, "iam.amazonaws.com", "ListUsers"), call(DEV, "s3.amazonaws.com", "ListBuckets")];

const allowed = (document: PolicyDocument, action: string, resource: string) =>
  new PrincipalPermissions(catalog, { identity: [input("merged", document)] }).evaluate({
    action,
    resource,
    context: makeContext({}),
  }).decision;

describe("a permission set's policy for the whole organization", () => {
  test("keeps what every account's role was seen doing, and each account's proof alone would not", async () => {
    const prod = await audited(account(PROD), prodCalls);
    const dev = await audited(account(DEV), devCalls);
    // Each account's own recommendation drops what only the other account used.
    const prodRec = "report" in prod ? prod.report.recommendations[0] : undefined;
    assert.equal(prodRec?.permissionSet?.name, SET);
    assert.equal(prodRec?.observedActions.includes("iam:ListUsers"), false);

    const [set] = rollup([prod, dev]).permissionSets;
    assert.equal(set?.status, "proven", set?.reason);
    assert.deepEqual(set?.accounts, [PROD, DEV].sort());
    const document = set!.policy!.document as PolicyDocument;
    const deploy = `arn:aws:iam::${PROD}:role/deploy`;
    assert.equal(allowed(document, "iam:GetRole", deploy), "Allow", "production's call");
    assert.equal(allowed(document, "iam:ListUsers", "*"), "Allow", "development's call");
    assert.equal(allowed(document, "s3:ListAllMyBuckets", "*"), "Allow");
    assert.notEqual(allowed(document, "iam:GetRole", `arn:aws:iam::${DEV}:role/other`), "Allow");
    assert.notEqual(allowed(document, "iam:CreateUser", "*"), "Allow", "nothing beyond what was seen");
    assert.equal(allowed(document, "iam:DeleteRole", "*"), "ExplicitDeny", "the set's own Deny is carried");
    const sids = document.Statement.map((s) => s.Sid);
    assert.equal(new Set(sids).size, sids.length, "a policy's Sids are unique");
    assert.match(set!.iac!.terraform, /aws_ssoadmin_permission_set_inline_policy/);
    assert.match(
      set!.iac!.terraform,
      new RegExp(`proven for every audited account holding its role \\(${PROD}, ${DEV}\\)`),
    );
  });

  test("is refused when an account could not be audited: the set may be assigned there", async () => {
    const prod = await audited(account(PROD), prodCalls);
    const [set] = rollup([prod, { accountId: "333333333333", error: "AccessDenied" }]).permissionSets;
    assert.equal(set?.status, "refused");
    assert.match(set?.reason ?? "", /333333333333 could not be audited/);
    assert.equal(set?.policy, undefined);
  });

  test("is refused when another account's grant would reach past what the role holds there", async () => {
    const prod = await audited(account(PROD), prodCalls);
    const narrow = doc(
      { Effect: "Allow", Action: ["iam:ListUsers", "s3:ListAllMyBuckets"], Resource: "*" },
      { Effect: "Allow", Action: "iam:GetRole", Resource: `arn:aws:iam::${DEV}:role/app-*` },
      { Effect: "Deny", Action: "iam:DeleteRole", Resource: "*" },
    );
    const dev = await audited(account(DEV, narrow), devCalls);
    const [set] = rollup([prod, dev]).permissionSets;
    assert.equal(set?.status, "refused");
    assert.match(set?.reason ?? "", /more than the set's role holds/);
    assert.ok(set?.violations?.some((v) => v.startsWith(`account ${DEV}:`)));
  });

  test("is proven where an account's role is shown unused, and refused where its use is unknown", async () => {
    const prod = await audited(account(PROD), prodCalls);
    // No call of the set's role in development, only another role's.
    const deployer = {
      ...call(DEV, "s3.amazonaws.com", "ListBuckets"),
      userIdentity: {
        type: "AssumedRole",
        arn: `arn:aws:sts::${DEV}:assumed-role/deploy/ci`,
        accountId: DEV,
        sessionContext: { sessionIssuer: { type: "Role", arn: `arn:aws:iam::${DEV}:role/deploy` } },
      },
    };
    const unused = rollup([prod, await audited(account(DEV), [deployer])]).permissionSets[0];
    assert.equal(unused?.status, "proven", unused?.reason);
    assert.deepEqual(unused?.unusedIn, [DEV]);
    const prodRec = "report" in prod ? prod.report.recommendations[0] : undefined;
    assert.deepEqual(unused?.policy?.document, prodRec?.policies[0]?.document);
    // The same, from a trail that left part of the window unread: the role's use there is unknown.
    const report = rollup([prod, await audited(account(DEV), [deployer], true)]);
    const [set] = report.permissionSets;
    assert.equal(set?.status, "refused");
    assert.match(set?.reason ?? "", new RegExp(`account ${DEV} has no proven recommendation .* unknown`));
    assert.match(
      renderOrgHtml(report),
      /<h2>Permission sets<\/h2>[\s\S]*refused<\/span>: account 222222222222/,
    );
    assert.match(renderOrgMarkdown(report), /\| DataEng \| 111111111111, 222222222222 \| refused: account/);
  });

  test("is refused when the accounts' roles carry different Denies", async () => {
    const prod = await audited(account(PROD), prodCalls);
    const other = doc(
      { Effect: "Allow", Action: ["iam:GetRole", "iam:ListUsers", "s3:ListAllMyBuckets"], Resource: "*" },
      { Effect: "Deny", Action: "iam:GetRole", Resource: `arn:aws:iam::${PROD}:role/deploy` },
    );
    const dev = await audited(account(DEV, other), devCalls);
    const [set] = rollup([prod, dev]).permissionSets;
    assert.equal(set?.status, "refused");
    assert.match(set?.reason ?? "", /different Deny statements/);
  });
});
