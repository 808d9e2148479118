import assert from "node:assert/strict";
import { test } from "node:test";
import { crossAccountPaths } from "../../../core/engine/organization/cross-account.js";
import { renderOrgHtml } from "../../../core/engine/organization/render-html.js";
import { renderOrgMarkdown } from "../../../core/engine/organization/render-markdown.js";
import type { Snapshot } from "../../../core/engine/snapshot/model.js";
import { catalog } from "../../helpers/catalog.js";
import { permissiveFindings } from "../../helpers/findings.js";
import { ADMIN, doc } from "../../helpers/policies.js";
import { snapshotWith, user } from "../../helpers/snapshot-fixture.js";
import {
  ASSUME_ANY,
  DEV,
  ORG_ID,
  organizationWith,
  organizationWithRcp,
  orgReportFixture,
  orgSnapshots,
  PROD,
  roleIn,
  trusting,
} from "./org-fixture.js";

const paths = (snapshots: Snapshot[], orgId?: string) =>
  crossAccountPaths(
    catalog,
    snapshots.map((snapshot) => ({ accountId: snapshot.accountId, snapshot })),
    orgId,
  );

const accounts = (
  prodRoles: Snapshot["roles"],
  devRoles: Snapshot["roles"],
  devOrg?: Snapshot["organization"],
) => [
  snapshotWith({ accountId: PROD, roles: prodRoles }),
  snapshotWith({ accountId: DEV, roles: devRoles, ...(devOrg ? { organization: devOrg } : {}) }),
];
const ci = (policy = ASSUME_ANY) => roleIn(DEV, "CI", policy, trusting(`arn:aws:iam::${DEV}:root`));

test("a role trusted by another account's role that may assume it is a path to what the role gives", () => {
  const [path, ...rest] = paths(orgSnapshots());
  assert.deepEqual(rest, []);
  assert.deepEqual(path, {
    from: { accountId: DEV, principalArn: `arn:aws:iam::${DEV}:role/CI`, type: "role" },
    to: { accountId: PROD, roleArn: `arn:aws:iam::${PROD}:role/Deploy` },
    via: "named",
    certainty: "yes",
    reaches: { admin: "certain" },
  });
});

test("across accounts the caller's own policies must allow sts:AssumeRole, even when the trust names it", () => {
  const readOnly = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
  const deploy = roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`));
  assert.deepEqual(paths(accounts([deploy], [ci(readOnly)])), []);
});

test("trusting the other account's root admits each of its principals allowed to assume the role", () => {
  const deploy = roleIn(PROD, "Deploy", ADMIN, trusting(DEV));
  const other = roleIn(
    DEV,
    "Reader",
    doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
    trusting(DEV),
  );
  const found = paths(accounts([deploy], [ci(), other]));
  assert.deepEqual(
    found.map((p) => [p.from.principalArn, p.via]),
    [[`arn:aws:iam::${DEV}:role/CI`, "account"]],
  );
});

test("an account's root is trusted only under a partition's name, as IAM accepts no other principal", () => {
  // IAM refuses a trust policy naming a principal it does not know ("Invalid principal in policy"),
  // so `arn:aws-bogus:iam::…:root` names no account; the escalation graph reads it the same way.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  const deployTrusting = (root: string) => roleIn(PROD, "Deploy", ADMIN, trusting(root));
  const via = (root: string) => paths(accounts([deployTrusting(root)], [ci()])).map((p) => p.via);
  assert.deepEqual(via(`arn:aws:iam::${DEV}:root`), ["account"]);
  assert.deepEqual(via(`arn:aws-cn:iam::${DEV}:root`), ["account"], "another partition's name");
  assert.deepEqual(via(`arn:aws-bogus:iam::${DEV}:root`), []);
});

test("a Deny of the trust policy naming the other account's role closes its path", () => {
  const trust = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { AWS: DEV }, Action: "sts:AssumeRole" },
      { Effect: "Deny", Principal: { AWS: `arn:aws:iam::${DEV}:role/CI` }, Action: "sts:AssumeRole" },
    ],
  };
  const deploy = roleIn(PROD, "Deploy", ADMIN, trust);
  assert.deepEqual(paths(accounts([deploy], [ci()])), []);
});

test("a role that gives nothing in its own account but a path into another is a path to that path", () => {
  const THIRD = "333333333333";
  const found = paths([
    snapshotWith({
      accountId: PROD,
      roles: [roleIn(PROD, "Admin", ADMIN, trusting(`arn:aws:iam::${DEV}:role/Hop`))],
    }),
    snapshotWith({
      accountId: DEV,
      roles: [roleIn(DEV, "Hop", ASSUME_ANY, trusting(`arn:aws:iam::${THIRD}:role/CI`))],
    }),
    snapshotWith({
      accountId: THIRD,
      roles: [roleIn(THIRD, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${THIRD}:root`))],
    }),
  ]);
  assert.deepEqual(
    found.map((p) => [p.from.principalArn, p.to.roleArn, p.reaches]),
    [
      [`arn:aws:iam::${DEV}:role/Hop`, `arn:aws:iam::${PROD}:role/Admin`, { admin: "certain" }],
      [
        `arn:aws:iam::${THIRD}:role/CI`,
        `arn:aws:iam::${DEV}:role/Hop`,
        { escalation: [`assume Admin in ${PROD} (admin)`], certainty: "yes" },
      ],
    ],
  );
});

test("a principal that can assume a role of its own account opening a path into another is a path too", () => {
  const hop = roleIn(DEV, "Hop", ASSUME_ANY, trusting(`arn:aws:iam::${DEV}:root`));
  const mayAssume = (resource: string) => ({
    inlinePolicies: [
      { name: "inline", document: doc({ Effect: "Allow", Action: "sts:AssumeRole", Resource: resource }) },
    ],
  });
  const found = paths([
    snapshotWith({
      accountId: PROD,
      roles: [roleIn(PROD, "Admin", ADMIN, trusting(`arn:aws:iam::${DEV}:role/Hop`))],
    }),
    snapshotWith({
      accountId: DEV,
      users: [
        user("dev", { arn: `arn:aws:iam::${DEV}:user/dev`, ...mayAssume(`arn:aws:iam::${DEV}:role/Hop`) }),
        user("other", {
          arn: `arn:aws:iam::${DEV}:user/other`,
          ...mayAssume(`arn:aws:iam::${DEV}:role/Other`),
        }),
      ],
      roles: [hop],
    }),
  ]);
  assert.deepEqual(
    found.map((p) => [p.from.principalArn, p.to.roleArn, p.reaches, p.certainty]),
    [
      [`arn:aws:iam::${DEV}:role/Hop`, `arn:aws:iam::${PROD}:role/Admin`, { admin: "certain" }, "yes"],
      [
        `arn:aws:iam::${DEV}:user/dev`,
        `arn:aws:iam::${DEV}:role/Hop`,
        { escalation: [`assume Admin in ${PROD} (admin)`], certainty: "yes" },
        "yes",
      ],
    ],
  );
});

test("a role's callers in its own account are not paths when the role gives something there", () => {
  const deploy = roleIn(PROD, "Deploy", ADMIN, trusting([`arn:aws:iam::${DEV}:role/CI`, PROD]));
  const ops = roleIn(PROD, "Ops", ASSUME_ANY, trusting(`arn:aws:iam::${PROD}:root`));
  assert.deepEqual(
    paths(accounts([deploy, ops], [ci()])).map((p) => p.from.principalArn),
    [`arn:aws:iam::${DEV}:role/CI`],
    "Ops assuming Deploy is its account's own escalation finding",
  );
});

test("a role that gives nothing beyond reading is not a path", () => {
  const viewer = roleIn(
    PROD,
    "Viewer",
    doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }),
    trusting(DEV),
  );
  assert.deepEqual(paths(accounts([viewer], [ci()])), []);
});

test("a role that can escalate in its account is a path to that escalation", () => {
  const policy = doc({ Effect: "Allow", Action: "iam:PutRolePolicy", Resource: "*" });
  const ops = roleIn(PROD, "Ops", policy, trusting(DEV));
  const [path] = paths(accounts([ops], [ci()]));
  assert.ok(path && "escalation" in path.reaches, JSON.stringify(path));
  assert.ok(path.reaches.escalation.includes("iam-005"), path.reaches.escalation.join());
});

test("aws:PrincipalOrgID in the trust is decided with the organization's id", () => {
  const deploy = (org: string) =>
    roleIn(PROD, "Deploy", ADMIN, trusting("*", { StringEquals: { "aws:PrincipalOrgID": org } }));
  assert.equal(paths(accounts([deploy(ORG_ID)], [ci()]), ORG_ID)[0]?.certainty, "yes");
  assert.equal(paths(accounts([deploy(ORG_ID)], [ci()]))[0]?.certainty, "maybe", "organization unknown");
  assert.deepEqual(paths(accounts([deploy("o-someotherorg")], [ci()]), ORG_ID), []);
});

test("an SCP that denies the caller sts:AssumeRole blocks the path, and says so", () => {
  const deploy = roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`));
  const guard = organizationWith({ Effect: "Deny", Action: "sts:AssumeRole", Resource: "*" });
  const [path] = paths(accounts([deploy], [ci()], guard));
  assert.deepEqual(path?.blockedBy, [
    `arn:aws:organizations::999999999999:policy/${ORG_ID}/service_control_policy/p-guard`,
  ]);
  const unrelated = organizationWith({ Effect: "Deny", Action: "iam:*", Resource: "*" });
  assert.equal(paths(accounts([deploy], [ci()], unrelated))[0]?.blockedBy, undefined);
});

test("a target administrator cut by its own account's SCPs is reached as scp-limited", () => {
  const deploy = roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`));
  const prod = snapshotWith({
    accountId: PROD,
    roles: [deploy],
    organization: organizationWith({ Effect: "Deny", Action: "iam:*", Resource: "*" }),
  });
  const [path] = paths([prod, snapshotWith({ accountId: DEV, roles: [ci()] })]);
  assert.deepEqual(path?.reaches, { admin: "scp-limited" });
});

test("the rollup lists every account, failed ones with their reason, and renders them escaped", async () => {
  const report = await orgReportFixture();
  assert.deepEqual(
    report.accounts.map((a) => [a.accountId, a.status]),
    [
      [PROD, "audited"],
      [DEV, "audited"],
      ["333333333333", "failed"],
    ],
  );
  assert.deepEqual(report.summary, {
    accounts: 3,
    audited: 2,
    failed: 1,
    principals: 2,
    findings: report.summary.findings,
    crossAccountPaths: 1,
  });
  assert.equal(report.crossAccountPaths[0]?.severity, "high");
  assert.equal(report.worstPrincipals[0]?.arn, `arn:aws:iam::${PROD}:role/Deploy`);
  assert.ok(report.worstPrincipals[0]?.kinds.includes("admin-access"));
  const md = renderOrgMarkdown(report);
  assert.match(md, /failed: cannot assume arn:aws:iam::333333333333:role\/WhittleAuditReadOnly/);
  assert.match(md, /\[111111111111\]\(111111111111\/report\.md\)/);
  const html = renderOrgHtml({ ...report, accounts: [{ ...report.accounts[2]!, name: "<img src=x>" }] });
  assert.ok(!html.includes("<img src=x>"));
  assert.match(html, /&lt;img src=x&gt;/);
});

test("the target account's RCPs decide who may assume its roles: a perimeter lets the organization in", () => {
  const deploy = roleIn(PROD, "Deploy", ADMIN, trusting(`arn:aws:iam::${DEV}:role/CI`));
  const perimeter = organizationWithRcp({
    Effect: "Deny",
    Principal: "*",
    Action: "sts:AssumeRole",
    Resource: "*",
    Condition: { StringNotEqualsIfExists: { "aws:PrincipalOrgID": ORG_ID } },
  });
  const prod = snapshotWith({ accountId: PROD, roles: [deploy], organization: perimeter });
  const dev = snapshotWith({ accountId: DEV, roles: [ci()] });
  const [inside] = paths([prod, dev], ORG_ID);
  assert.equal(inside?.blockedBy, undefined);
  assert.equal(inside?.certainty, "yes");
  const closed = organizationWithRcp({
    Effect: "Deny",
    Principal: "*",
    Action: "sts:AssumeRole",
    Resource: "*",
  });
  const [blocked] = paths([{ ...prod, organization: closed }, dev], ORG_ID);
  assert.deepEqual(blocked?.blockedBy, [closed.rcpLevels![0]!.policies[0]!.arn]);
});

test("inside an account, an RCP that denies sts:AssumeRole cuts the assume-role chain", () => {
  const admin = roleIn(PROD, "Admin", ADMIN, trusting(PROD));
  const app = roleIn(PROD, "App", ASSUME_ANY, trusting(PROD));
  const escalates = (organization?: Snapshot["organization"]) =>
    permissiveFindings(
      snapshotWith({ accountId: PROD, roles: [admin, app], ...(organization ? { organization } : {}) }),
    ).some((f) => f.kind === "privilege-escalation" && f.principalArn === app.arn);
  assert.equal(escalates(), true);
  assert.equal(
    escalates(
      organizationWithRcp({ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole", Resource: "*" }),
    ),
    false,
  );
});

test("a trust with NotPrincipal admits every other account's principals it does not name", () => {
  const notPrincipal = (value: string) => ({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", NotPrincipal: { AWS: value }, Action: "sts:AssumeRole" }],
  });
  const from = (trust: object) =>
    paths(accounts([roleIn(PROD, "Deploy", ADMIN, trust)], [ci()])).map((p) => [p.from.principalArn, p.via]);
  assert.deepEqual(from(notPrincipal("arn:aws:iam::444455556666:root")), [
    [`arn:aws:iam::${DEV}:role/CI`, "anyone"],
  ]);
  assert.deepEqual(from(notPrincipal(`arn:aws:iam::${DEV}:role/CI`)), []);
  assert.deepEqual(from(notPrincipal(DEV)), []);
});

test("a trust's Deny with NotPrincipal closes the path of every other account's principal it does not name", () => {
  const trust = (value: string) => ({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { AWS: DEV }, Action: "sts:AssumeRole" },
      { Effect: "Deny", NotPrincipal: { AWS: value }, Action: "sts:AssumeRole" },
    ],
  });
  const from = (value: string) =>
    paths(accounts([roleIn(PROD, "Deploy", ADMIN, trust(value))], [ci()])).map((p) => p.from.principalArn);
  assert.deepEqual(from(`arn:aws:iam::${DEV}:role/Other`), []);
  assert.deepEqual(from(`arn:aws:iam::${DEV}:role/CI`), [`arn:aws:iam::${DEV}:role/CI`]);
});

test("a trust's Deny with NotPrincipal closes the path of a principal with a permissions boundary even when it names it", () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
  const trust = {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { AWS: DEV }, Action: "sts:AssumeRole" },
      { Effect: "Deny", NotPrincipal: { AWS: `arn:aws:iam::${DEV}:role/CI` }, Action: "sts:AssumeRole" },
    ],
  };
  const fence = `arn:aws:iam::${DEV}:policy/fence`;
  const bounded = snapshotWith({
    accountId: DEV,
    roles: [{ ...ci(), permissionsBoundaryArn: fence }],
    managedPolicies: {
      [fence]: { arn: fence, name: "fence", isAwsManaged: false, defaultVersionId: "v1", document: ADMIN },
    },
  });
  const prod = snapshotWith({ accountId: PROD, roles: [roleIn(PROD, "Deploy", ADMIN, trust)] });
  assert.deepEqual(paths([prod, bounded]), []);
});

test("a role's onward reach takes its surest path, even when a conditional one is found first", () => {
  const THIRD = "333333333333";
  const hopArn = `arn:aws:iam::${DEV}:role/Hop`;
  const fromOffice = { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } };
  const found = (certainAdmin: boolean) =>
    paths([
      snapshotWith({
        accountId: PROD,
        roles: [
          roleIn(PROD, "Guarded", ADMIN, trusting(hopArn, fromOffice)),
          roleIn(PROD, "Open", ADMIN, certainAdmin ? trusting(hopArn) : trusting(hopArn, fromOffice)),
        ],
      }),
      snapshotWith({
        accountId: DEV,
        roles: [roleIn(DEV, "Hop", ASSUME_ANY, trusting(`arn:aws:iam::${THIRD}:role/CI`))],
      }),
      snapshotWith({
        accountId: THIRD,
        roles: [roleIn(THIRD, "CI", ASSUME_ANY, trusting(`arn:aws:iam::${THIRD}:root`))],
      }),
    ]).map((p) => [p.from.principalArn, p.to.roleArn, p.certainty, p.reaches]);
  assert.deepEqual(found(true), [
    [hopArn, `arn:aws:iam::${PROD}:role/Guarded`, "maybe", { admin: "certain" }],
    [hopArn, `arn:aws:iam::${PROD}:role/Open`, "yes", { admin: "certain" }],
    [
      `arn:aws:iam::${THIRD}:role/CI`,
      hopArn,
      "yes",
      { escalation: [`assume Open in ${PROD} (admin)`], certainty: "yes" },
    ],
  ]);
  // When every onward path hangs on a condition, so does the reach.
  assert.deepEqual(found(false), [
    [hopArn, `arn:aws:iam::${PROD}:role/Guarded`, "maybe", { admin: "certain" }],
    [hopArn, `arn:aws:iam::${PROD}:role/Open`, "maybe", { admin: "certain" }],
    [
      `arn:aws:iam::${THIRD}:role/CI`,
      hopArn,
      "yes",
      { escalation: [`assume Guarded in ${PROD} (admin)`], certainty: "maybe" },
    ],
  ]);
});
