import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defaultLogging } from "../../../core/engine/activity/trail-logging.js";
import type { ActivitySource } from "../../../core/engine/activity/types.js";
import { auditConfig } from "../../../core/engine/audit/config.js";
import { runAudit } from "../../../core/engine/audit.js";
import { reportSchema } from "../../../core/engine/report/schema.js";
import { cloudTrailFileSource } from "../../../core/node/cloudtrail-files.js";
import { readSnapshotFiles } from "../../../core/node/snapshot-files.js";
import { catalog } from "../../helpers/catalog.js";
import { realData } from "../../helpers/paths.js";
import { ACCOUNT, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

const cloudmapper = {
  description: "CloudMapper demo account",
  load: () =>
    readSnapshotFiles({
      snapshot: realData("cloudmapper-demo", "iam-get-account-authorization-details.json"),
      credentialReport: realData("cloudmapper-demo", "iam-get-credential-report.json"),
    }),
};
const options = { catalog, now: new Date("2019-12-01T00:00:00Z"), days: 90, version: "test" };

test("an audit of the CloudMapper demo account yields a contract-conformant report", async () => {
  const report = await runAudit({ snapshot: cloudmapper, activity: [] }, options);
  assert.doesNotThrow(() => reportSchema.parse(report));
  assert.equal(report.accountId, "123456789012");
  assert.equal(report.generatedAt, "2019-12-01T00:00:00Z");
  assert.deepEqual(report.window, {
    start: "2019-09-02T00:00:00.000Z",
    end: "2019-12-01T00:00:00.000Z",
    days: 90,
  });
  const kinds = (arn: string) => report.findings.filter((f) => f.principalArn === arn).map((f) => f.kind);
  assert.ok(kinds("arn:aws:iam::123456789012:role/bad_role").includes("admin-access"));
  assert.ok(kinds("arn:aws:iam::123456789012:role/bad_role").includes("trust-any-principal"));
  assert.ok(report.findings.some((f) => f.kind === "root-access-key"));
  const total = Object.values(report.summary.findings).reduce((a, b) => a + b, 0);
  assert.equal(total, report.findings.length);
});

test("the same inputs and now give the same report", async () => {
  const a = await runAudit({ snapshot: cloudmapper, activity: [] }, options);
  const b = await runAudit({ snapshot: cloudmapper, activity: [] }, options);
  assert.deepEqual(a, b);
});

test("activity yields proven recommendations and progress events", async () => {
  const phases = new Set<string>();
  const trail: ActivitySource = cloudTrailFileSource([
    realData("cloudtrail", "trailscraper-111111111111_CloudTrail_eu-central-1_20171211T1505Z.json"),
  ]);
  const report = await runAudit(
    { snapshot: cloudmapper, activity: [trail] },
    { ...options, now: new Date("2017-12-20T00:00:00Z"), onProgress: (p) => phases.add(p.phase) },
  );
  assert.deepEqual([...phases].sort(), ["activity", "findings", "recommendations", "report", "snapshot"]);
  assert.equal(report.summary.events, 2);
  assert.deepEqual(report.sources.activity.length, 1);
  for (const r of report.recommendations)
    assert.deepEqual(r.checks, { withinCurrent: true, coversObserved: true });
});

test("exclusions mark findings suppressed with their reason and leave them in the report", async () => {
  const config = auditConfig({
    exclusions: [
      {
        name: "break-glass",
        reason: "reviewed in the 2019 audit",
        principals: ["arn:aws:iam::*:role/bad_role"],
        kinds: ["admin-access"],
      },
    ],
  });
  const report = await runAudit({ snapshot: cloudmapper, activity: [] }, { ...options, config });
  const admin = report.findings.find(
    (f) => f.kind === "admin-access" && f.principalArn?.endsWith("role/bad_role"),
  );
  assert.deepEqual(admin?.suppressed, { reason: "reviewed in the 2019 audit", rule: "break-glass" });
  assert.equal(report.summary.suppressed, 1);
});

test("a configuration with an unknown key is refused rather than silently defaulted", () => {
  assert.throws(() => auditConfig({ identity: { unusedPasswordDay: 30 } }), /unusedPasswordDay/);
});

describe("what an audit must not claim", () => {
  const arn = `arn:aws:iam::${ACCOUNT}:role/payments`;
  const inline = (statement: object) => ({
    name: "p",
    document: { Version: "2012-10-17", Statement: [statement] },
  });
  const source = (snapshot: ReturnType<typeof snapshotWith>) => ({
    description: "fixture",
    load: async () => snapshot,
  });
  /** One ListBuckets call by a session of the payments role; `issuer` adds sessionContext. */
  const events = (issuer = true): ActivitySource => ({
    description: "fixture trail",
    async *read() {
      const userIdentity = {
        type: "AssumedRole",
        arn: `arn:aws:sts::${ACCOUNT}:assumed-role/payments/s`,
        ...(issuer ? { sessionContext: { sessionIssuer: { type: "Role", arn } } } : {}),
      };
      const event = {
        eventSource: "s3.amazonaws.com",
        eventName: "ListBuckets",
        eventTime: "2019-11-20T00:00:00Z",
        recipientAccountId: ACCOUNT,
        userIdentity,
      };
      yield [{ kind: "event" as const, event }];
    },
  });

  test("without any activity source, silence is not evidence of non-use", async () => {
    const snapshot = snapshotWith({
      roles: [
        role("payments", { inlinePolicies: [inline({ Effect: "Allow", Action: "s3:*", Resource: "*" })] }),
      ],
    });
    const report = await runAudit({ snapshot: source(snapshot), activity: [] }, options);
    const kinds = report.findings.filter((f) => f.principalArn === arn).map((f) => f.kind);
    assert.equal(kinds.includes("unused-role"), false);
    assert.equal(kinds.includes("unused-service"), false);
    assert.equal(kinds.includes("unused-action"), false);
  });

  test("no policy is recommended for a principal with a policy the snapshot cannot show", async () => {
    const snapshot = snapshotWith({
      // Collected as the window ends: a later snapshot refuses every recommendation for that alone.
      collectedAt: options.now.toISOString(),
      roles: [
        role("payments", {
          inlinePolicies: [inline({ Effect: "Allow", Action: "s3:*", Resource: "*" })],
          attachedPolicyArns: [`arn:aws:iam::${ACCOUNT}:policy/DenyDeleteProd`],
        }),
      ],
    });
    // A trail described as logging every management event: only the policy can refuse the proof.
    const logging = [{ ...defaultLogging(), regionsUnknown: true as const }];
    const report = await runAudit({ snapshot: source(snapshot), activity: [events()], logging }, options);
    assert.deepEqual(report.recommendations, []);
    const unproven = report.findings.find((f) => f.kind === "recommendation-unproven");
    assert.equal(unproven?.principalArn, arn);
    assert.deepEqual(unproven?.evidence.violations, [`arn:aws:iam::${ACCOUNT}:policy/DenyDeleteProd`]);
  });

  test("activity filed under a role ARN without its path is credited to the pathed role", async () => {
    const pathed = role("payments", {
      path: "/service-role/",
      arn: `arn:aws:iam::${ACCOUNT}:role/service-role/payments`,
      inlinePolicies: [inline({ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" })],
    });
    // Only the session ARN: CloudTrail gives no path there.
    const trail = events(false);
    const report = await runAudit(
      { snapshot: source(snapshotWith({ roles: [pathed] })), activity: [trail] },
      options,
    );
    const row = report.principals.find((p) => p.arn === pathed.arn);
    assert.equal(row?.observedActions, 1);
    assert.equal(
      report.findings.some((f) => f.kind === "unused-role" && f.principalArn === pathed.arn),
      false,
    );
  });
});
