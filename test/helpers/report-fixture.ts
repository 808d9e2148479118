import type { Report, ReportFinding } from "../../core/engine/report/schema.js";

export const REPORT_ACCOUNT = "123456789012";

export function finding(id: string, extra: Partial<ReportFinding> = {}): ReportFinding {
  return {
    id,
    kind: "unused-access-key",
    severity: "medium",
    principalArn: `arn:aws:iam::${REPORT_ACCOUNT}:user/${id}`,
    title: `finding ${id}`,
    detail: "detail",
    evidence: {},
    remediation: "remediation",
    ...extra,
  };
}

/** A small valid report.json for store tests, which care about layout, not analysis. */
export function reportWith(findings: ReportFinding[], accountId = REPORT_ACCOUNT): Report {
  return {
    schemaVersion: 1,
    accountId,
    generatedAt: "2026-11-22T00:00:00.000Z",
    window: { start: "2026-08-24T00:00:00.000Z", end: "2026-11-22T00:00:00.000Z", days: 90 },
    sources: { snapshot: "test", activity: [], warnings: [] },
    summary: {
      principals: 0,
      findings: { critical: 0, high: 0, medium: findings.length, low: 0, info: 0 },
      suppressed: 0,
      recommendations: 1,
      events: 0,
    },
    principals: [],
    findings,
    plans: [],
    recommendations: [
      {
        principalArn: `arn:aws:iam::${accountId}:role/app`,
        policies: [
          {
            name: "whittle-app",
            document: {
              Version: "2012-10-17",
              Statement: [{ Sid: "S3", Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }],
            },
          },
        ],
        observedActions: ["s3:GetObject"],
        removedActions: [],
        removedCount: 0,
        removedRisks: {},
        unobservableActions: [],
        unobservableKept: [],
        inferredActions: [],
        notAllowed: [],
        checks: { withinCurrent: true, coversObserved: true },
        summary: "",
        terraform: "",
        cloudformation: "",
      },
    ],
    policies: {},
    activity: { events: 0, outsideWindow: 0, unmapped: [], ignored: [] },
    engine: { version: "0.1.0", catalogVersion: "test" },
  };
}
