import { z } from "zod";
import { gradedSchema } from "../findings/kinds.js";
import { FINDING_KINDS } from "../findings/types.js";
import { conformsTo } from "./conforms.js";

/**
 * report.json, the outside contract (see the README's "Report format"): the one source of truth
 * for its type and for the JSON Schema committed at schema/report.schema.json. Fields may be
 * added; renaming or dropping one needs a schemaVersion bump.
 */
export const REPORT_SCHEMA_VERSION = 1;

const isoDate = z.string().describe("ISO 8601 instant");
const count = z.number().int().nonnegative();

export const severityCountsSchema = z.strictObject({
  critical: count,
  high: count,
  medium: count,
  low: count,
  info: count,
});

export const findingSchema = z.strictObject({
  id: z.string().describe("stable hash of kind + subject"),
  kind: z.enum(FINDING_KINDS),
  ...gradedSchema.shape,
  principalArn: z.string().optional(),
  policyArn: z.string().optional(),
  policySource: z
    .string()
    .optional()
    .describe(
      "the policy the finding is about: a managed policy's ARN, principalArn#inline/name or roleArn#trust (the keys of policies)",
    ),
  statementIndex: z.number().int().nonnegative().optional(),
  actions: z.array(z.string()).optional(),
  title: z.string(),
  detail: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  remediation: z.string(),
  suppressed: z.strictObject({ reason: z.string(), rule: z.string() }).optional(),
});

const statementSchema = z.strictObject({
  Sid: z.string(),
  Effect: z.enum(["Allow", "Deny"]),
  Action: z.array(z.string()).optional(),
  NotAction: z
    .array(z.string())
    .optional()
    .describe("instead of Action, only on a carried Deny guarding what a user's groups allow"),
  Resource: z.array(z.string()).optional(),
  NotResource: z.array(z.string()).optional(),
  Condition: z.record(z.string(), z.record(z.string(), z.array(z.string()))).optional(),
});

export const policyDocumentSchema = z.strictObject({
  Version: z.literal("2012-10-17"),
  Statement: z.array(statementSchema),
});

export const recommendationSchema = z.strictObject({
  principalArn: z.string(),
  permissionSet: z
    .strictObject({ name: z.string() })
    .optional()
    .describe("an IAM Identity Center role's permission set: the policies are its inline policy"),
  policies: z.array(z.strictObject({ name: z.string(), document: policyDocumentSchema })),
  observedActions: z.array(z.string()),
  removedActions: z.array(z.string()).describe("`svc:*` stands for every action of a fully removed service"),
  removedCount: count,
  removedVerified: count.optional().describe("removed actions the evidence shows unused"),
  removedUnverified: count
    .optional()
    .describe("removed actions no evidence could show in use (unobservable actions dropped on request)"),
  removedRisks: z.record(z.string(), z.array(z.string())),
  unobservableActions: z.array(z.string()),
  unobservableKept: z.array(z.string()),
  inferredActions: z.array(z.string()),
  notAllowed: z.array(z.strictObject({ action: z.string(), resource: z.string() })),
  checks: z.strictObject({ withinCurrent: z.boolean(), coversObserved: z.boolean() }),
  summary: z.string(),
  terraform: z.string(),
  cloudformation: z.string(),
});

const checksSchema = z.strictObject({ withinCurrent: z.boolean(), coversObserved: z.boolean() });

/** What the audit saw of one principal a plan changes: apply refuses when IAM no longer matches it. */
export const planBaselinePrincipalSchema = z.strictObject({
  arn: z.string(),
  type: z.enum(["user", "role", "group"]),
  name: z.string(),
  attached: z.array(z.string()).describe("managed policy ARNs attached directly"),
  inline: z.array(z.strictObject({ name: z.string(), document: z.unknown() })),
  members: z.array(z.string()).optional().describe("a group's user names"),
  groups: z
    .array(z.string())
    .optional()
    .describe("a user's group names: their policies stay, and the plan was proven beside them"),
  id: z
    .string()
    .optional()
    .describe(
      "IAM's unique id (AIDA…, AROA…, AGPA…): one deleted and made again under the name is another (absent in reports written before it was added)",
    ),
  boundary: z
    .string()
    .nullable()
    .optional()
    .describe(
      "a user's or role's permissions boundary ARN, null for none: the proofs counted it (absent in reports written before it was added)",
    ),
});

/** What the audit saw of one customer managed policy a plan detaches or rewrites. */
export const planBaselinePolicySchema = z.strictObject({
  arn: z.string(),
  name: z.string(),
  path: z.string(),
  defaultVersionId: z.string(),
  document: z.unknown(),
  attachedTo: z.array(z.string()).describe("ARNs of the users, roles and groups it is attached to"),
});

export const planSchema = z.strictObject({
  id: z.string().describe("stable id: the argument of `whittle apply`"),
  target: z.strictObject({
    type: z.enum(["user", "role", "group", "policy", "permission-set"]),
    arn: z.string(),
    name: z.string(),
  }),
  create: z
    .array(z.strictObject({ name: z.string(), document: policyDocumentSchema }))
    .describe("new customer managed policies; for a `policy` target, its new default version"),
  attach: z.array(z.string()).describe("names of created policies attached to the target"),
  detach: z.array(z.string()).describe("policy ARNs detached from the target"),
  deleteInline: z.array(z.string()).describe("inline policy names deleted from the target"),
  principals: z.array(z.string()).describe("every principal ARN the change touches"),
  checks: checksSchema.describe("true when the proofs hold for every principal"),
  proofs: z.array(checksSchema.extend({ principalArn: z.string(), violations: z.array(z.string()) })),
  removedCount: count.describe("(principal, action) grants the change removes"),
  riskRemoved: count.describe("of those, the risky ones"),
  removedRisks: z.record(z.string(), z.array(z.string())),
  summary: z.string(),
  before: z.strictObject({
    principals: z.array(planBaselinePrincipalSchema),
    policies: z.array(planBaselinePolicySchema),
    kept: z
      .strictObject({
        principals: z.array(planBaselinePrincipalSchema),
        policies: z.array(planBaselinePolicySchema.omit({ attachedTo: true })),
      })
      .optional()
      .describe(
        "what the proofs counted that the change leaves in place (the touched principals' other policies): apply refuses when it differs (absent in reports written before it was added)",
      ),
  }),
  iac: z
    .strictObject({ terraform: z.string(), cloudformation: z.string() })
    .describe("for a `permission-set` target, IAM Identity Center resources"),
});

export const principalSchema = z.strictObject({
  arn: z.string(),
  type: z.enum(["user", "role", "group"]),
  name: z.string(),
  permissionSet: z
    .string()
    .optional()
    .describe("for an IAM Identity Center role (AWSReservedSSO_*): the permission set it stands for"),
  lastUsed: isoDate.nullable().describe("latest known use; null when none is known"),
  observedActions: count,
  grantedActions: count,
  /** Sources (keys of `policies`) of the identity policies and boundary that apply. */
  policySources: z.array(z.string()),
  findings: count,
  riskyGrantedActions: count
    .optional()
    .describe("granted actions in a named risk class (privilege escalation, data exfiltration, ...)"),
  usage: z
    .enum(["used", "unused", "unknown"])
    .optional()
    .describe(
      "unused only when evidence that could have shown a use in the window did not; otherwise unknown (absent in reports written before it was added)",
    ),
  usageReason: z.string().optional().describe("why, in one line"),
});

export const coverageSchema = z.strictObject({
  source: z.string(),
  start: isoDate.nullable().describe("earliest record read"),
  end: isoDate.nullable().describe("latest record read"),
  regions: z.array(z.string()),
  accounts: z.array(z.string()),
  records: count,
  inWindow: count.optional().describe("records inside the window; none means the source covers nothing"),
  complete: z
    .boolean()
    .describe(
      "a record inside the window, read without failure, no day missing, and every region and day the source knows of",
    ),
  gaps: z
    .array(
      z.strictObject({
        account: z.string(),
        region: z.string(),
        days: z.array(z.string()).describe("YYYY-MM-DD (UTC)"),
      }),
    )
    .optional()
    .describe(
      "days of the window with no delivery file (trail folder layout) or no record (files without one), per account and region read, or (region `*`) outside an account's aggregated rows (Athena); any makes the source incomplete (absent in reports written before it was added)",
    ),
  failures: z.array(z.strictObject({ what: z.string(), message: z.string() })),
  moreFailures: count,
  loggedDataEvents: z.array(z.string()).describe("data-event resource types the source's trail logs"),
});

const problemSchema = z.strictObject({ code: z.string(), origin: z.string(), message: z.string() });

const eventCountSchema = z.strictObject({ eventSource: z.string(), eventName: z.string(), count });

export const reportSchema = z.strictObject({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  accountId: z.string(),
  alias: z.string().optional(),
  generatedAt: isoDate,
  window: z.strictObject({ start: isoDate, end: isoDate, days: z.number().int().positive() }),
  sources: z.strictObject({
    snapshot: z.string(),
    activity: z.array(z.string()),
    warnings: z.array(z.string()),
    /** The same as `warnings`, as data: what failed, a stable code, and why. */
    problems: z.array(problemSchema).optional(),
  }),
  summary: z.strictObject({
    principals: count,
    findings: severityCountsSchema,
    suppressed: count,
    recommendations: count,
    events: count,
  }),
  principals: z.array(principalSchema),
  coverage: z
    .array(coverageSchema)
    .optional()
    .describe("what each activity source really covered (absent in reports written before it was added)"),
  findings: z.array(findingSchema),
  recommendations: z.array(recommendationSchema),
  /** Changes a team can apply, in order of risk removed. */
  plans: z.array(planSchema).default([]).describe("absent in reports written before plans existed"),
  /** Current policy documents by source (policy ARN or `principalArn#inline/name`), for diffs. */
  policies: z.record(z.string(), z.unknown()),
  activity: z.strictObject({
    events: count,
    outsideWindow: count,
    unmapped: z.array(eventCountSchema.extend({ reason: z.string() })),
    ignored: z.array(eventCountSchema.extend({ class: z.string() })),
  }),
  engine: z.strictObject({ version: z.string(), catalogVersion: z.string() }),
});

export type Report = z.infer<typeof reportSchema>;

/**
 * `reportSchema.parse(report)`: the same report, or the same error. A large account's report is a
 * hundred MB of objects; when it already is what zod's copy would be, it is returned as it is.
 */
export function validReport(report: Report): Report {
  return conformsTo(reportSchema)(report) ? report : reportSchema.parse(report);
}
export type ReportFinding = z.infer<typeof findingSchema>;
export type ReportPrincipal = z.infer<typeof principalSchema>;
export type ReportCoverage = z.infer<typeof coverageSchema>;
export type ReportRecommendation = z.infer<typeof recommendationSchema>;
export type Plan = z.infer<typeof planSchema>;
export type PlanBaselinePrincipal = z.infer<typeof planBaselinePrincipalSchema>;
export type PlanBaselinePolicy = z.infer<typeof planBaselinePolicySchema>;

/** The JSON Schema of report.json, derived from the zod schema (committed, and checked in sync by a test). */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "Whittle report",
    ...z.toJSONSchema(reportSchema, { target: "draft-2020-12" }),
  };
}
