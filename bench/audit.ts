import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_REGIONS } from "../core/engine/activity/shown-regions.js";
import type { ActivityItem, ActivitySource } from "../core/engine/activity/types.js";
import { auditConfig } from "../core/engine/audit/config.js";
import { runAudit } from "../core/engine/audit.js";
import type { Report } from "../core/engine/report/schema.js";
import type { ManagedPolicy, Role, Snapshot } from "../core/engine/snapshot/model.js";
import { cloudTrailFileSource } from "../core/node/cloudtrail-files.js";
import { loadCatalog } from "../core/node/load-catalog.js";
import { threadedRecommender } from "../core/node/recommend-pool.js";
import { writeReportFiles } from "../core/node/report-files.js";
import { FileSnapshotSource } from "../core/node/snapshot-files.js";
import { managedPolicies as awsManagedPolicies } from "../test/helpers/managed-policies.js";
import { measure } from "./measure.js";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const ACCOUNT = "123456789012";
const NOW = new Date("2026-11-22T00:00:00Z");

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** 5,000 roles with 4 customer managed policies each, documents drawn from real AWS managed ones. */
function syntheticSnapshot(roles: number): Snapshot {
  const random = seeded(7);
  const pool = Object.values(awsManagedPolicies())
    .map((p) => p.PolicyVersion.Document)
    .filter((d) => JSON.stringify(d).length < 4000);
  const managedPolicies: Record<string, ManagedPolicy> = {};
  const list: Role[] = [];
  for (let r = 0; r < roles; r++) {
    const arns: string[] = [];
    for (let k = 0; k < 4; k++) {
      const arn = `arn:aws:iam::${ACCOUNT}:policy/p-${r}-${k}`;
      managedPolicies[arn] = {
        arn,
        name: `p-${r}-${k}`,
        isAwsManaged: false,
        defaultVersionId: "v1",
        document: pool[Math.floor(random() * pool.length)],
        attachmentCount: 1,
      };
      arns.push(arn);
    }
    list.push({
      arn: `arn:aws:iam::${ACCOUNT}:role/app-${r}`,
      id: `AROA${r}`,
      path: "/",
      name: `app-${r}`,
      createDate: "2024-01-01T00:00:00.000Z",
      attachedPolicyArns: arns,
      inlinePolicies: [],
      tags: [],
      trustPolicy: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      },
      roleLastUsed: { date: "2026-11-20T00:00:00.000Z", region: "us-east-1" },
      instanceProfiles: [],
      serviceLinked: false,
    });
  }
  return {
    schemaVersion: 1,
    accountId: ACCOUNT,
    collectedAt: NOW.toISOString(),
    users: [],
    groups: [],
    roles: list,
    managedPolicies,
    credentials: {},
    lastAccessed: {},
    warnings: [],
  };
}

/** Pre-aggregated rows (as Athena returns them) totalling `events` calls: no record parsing. */
function summarySource(roles: number, events: number): ActivitySource {
  const perRole = 20;
  const calls = [
    [
      "s3.amazonaws.com",
      "GetObject",
      (i: number) => ({ bucketName: `bucket-${i % 50}`, key: `data/${i}.json` }),
    ],
    ["dynamodb.amazonaws.com", "Query", (i: number) => ({ tableName: `table-${i % 30}` })],
    [
      "sqs.amazonaws.com",
      "SendMessage",
      (i: number) => ({ queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/q-${i % 10}` }),
    ],
    ["logs.amazonaws.com", "CreateLogStream", (i: number) => ({ logGroupName: `/aws/lambda/f-${i}` })],
    ["ec2.amazonaws.com", "DescribeInstances", () => ({})],
  ] as const;
  const count = Math.max(1, Math.floor(events / (roles * perRole)));
  return {
    description: `${events.toLocaleString("en")} synthetic events as ${roles * perRole} summary rows`,
    async *read(window) {
      for (let r = 0; r < roles; r++) {
        const batch: ActivityItem[] = [];
        for (let i = 0; i < perRole; i++) {
          const [eventSource, eventName, parameters] = calls[i % calls.length]!;
          batch.push({
            kind: "summary",
            summary: {
              event: {
                eventSource,
                eventName,
                eventTime: "2026-11-01T00:00:00Z",
                awsRegion: "us-east-1",
                userIdentity: {
                  type: "AssumedRole",
                  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app-${r}/s`,
                  sessionContext: {
                    sessionIssuer: { type: "Role", arn: `arn:aws:iam::${ACCOUNT}:role/app-${r}` },
                  },
                },
                requestParameters: parameters(r * perRole + i),
              },
              count,
              firstSeen: "2026-09-01T00:00:00Z",
              lastSeen: "2026-11-20T00:00:00Z",
            },
          });
        }
        yield batch;
      }
      // What Athena's day rows say: the account's trail logged every day of the window in every
      // default region, so the activity covers the window and recommendations are made.
      const days: string[] = [];
      for (let t = Date.parse(window.start); t < Date.parse(window.end); t += 86_400_000)
        days.push(new Date(t).toISOString().slice(0, 10));
      const delivered = DEFAULT_REGIONS.map((region) => ({ account: ACCOUNT, region, days }));
      yield [{ kind: "extent", extent: { delivered } }];
    },
  };
}

/** Goals: the demo in seconds; 5,000 roles / 20,000 policies with 10 M events (aggregated) < 10 s. */
export async function run(): Promise<void> {
  const catalog = loadCatalog();
  const demo = resolve(root, "demo/account");
  const demoReport = await measure("demo account: full audit (8,489 events parsed from 1,924 files)", () =>
    runAudit(
      {
        snapshot: new FileSnapshotSource({
          snapshot: `${demo}/gaad.json`,
          credentialReport: `${demo}/credential-report.csv`,
          collectedAt: NOW,
        }),
        activity: [cloudTrailFileSource([`${demo}/cloudtrail`])],
      },
      {
        catalog,
        now: NOW,
        days: 90,
        version: "bench",
        config: auditConfig(JSON.parse(readFileSync(`${demo}/config.json`, "utf8"))),
      },
    ),
  );
  console.log(
    `  ${demoReport.findings.length} findings, ${demoReport.recommendations.length} recommendations`,
  );
  const roles = Number(process.env.WHITTLE_BENCH_ROLES ?? 5000);
  const events = Number(process.env.WHITTLE_BENCH_EVENTS ?? 10_000_000);
  const snapshot = syntheticSnapshot(roles);
  // The report files are part of the run a user pays for (`whittle audit --out`): written into
  // WHITTLE_BENCH_OUT=DIR when given, kept there so that two versions' outputs can be compared
  // byte for byte, otherwise into a temporary folder removed afterwards.
  const out = process.env.WHITTLE_BENCH_OUT ?? mkdtempSync(join(tmpdir(), "whittle-bench-audit-"));
  let report: Report | undefined;
  try {
    await measure(
      "synthetic audit and its report files, as `whittle audit` (goal < 10 s, < 1 GB)",
      async () => {
        report = await measure(
          `  audit: ${roles} roles, ${roles * 4} policies, ${events.toLocaleString("en")} events (pre-aggregated)`,
          () =>
            runAudit(
              {
                snapshot: { description: "synthetic", load: async () => snapshot },
                activity: [summarySource(roles, events)],
              },
              // As `whittle audit` runs it: policies generated in one thread per core.
              { catalog, now: NOW, days: 90, version: "bench", recommender: threadedRecommender("auto") },
            ),
        );
        const written = report;
        const files = await measure("  report files (json, html, md, policies)", () =>
          writeReportFiles(out, written),
        );
        console.log(`  ${files.files.length} files written to ${out}`);
      },
    );
  } finally {
    if (process.env.WHITTLE_BENCH_OUT === undefined) rmSync(out, { recursive: true, force: true });
  }
  console.log(
    `  ${report!.summary.events.toLocaleString("en")} events, ${report!.findings.length} findings, ${report!.recommendations.length} recommendations`,
  );
}
