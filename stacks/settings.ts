import { z } from "zod";
import { auditConfigSchema } from "../core/engine/audit/config.js";

const flag = z
  .enum(["true", "false"])
  .default("false")
  .transform((v) => v === "true");
const REGIONS = /^[a-z]{2}(-[a-z]+)+-\d(,[a-z]{2}(-[a-z]+)+-\d)*$/;
const optional = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined));

/**
 * Deployment settings, read from the environment of `sst deploy` (see docs/deploy.md), validated
 * before anything is synthesized so a typo fails the deploy instead of shipping a default.
 */
export const deploymentSettingsSchema = z
  .object({
    /** EventBridge schedule expression of the periodic audit. */
    WHITTLE_SCHEDULE: z
      .string()
      .regex(/^(cron|rate)\(.+\)$/, "cron(...) or rate(...)")
      .default("cron(0 3 * * ? *)"),
    WHITTLE_ACTIVITY_SOURCE: z.enum(["trail-bucket", "athena", "lookup-events", "none"]).optional(),
    WHITTLE_TRAIL_BUCKET: optional.pipe(
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)
        .optional(),
    ),
    WHITTLE_TRAIL_PREFIX: optional,
    /** An organization trail's id (`o-...`): its logs lie under AWSLogs/<org-id>/ (the created Athena table). */
    WHITTLE_TRAIL_ORG_ID: optional.pipe(
      z
        .string()
        .regex(/^o-[a-z0-9]{10,32}$/)
        .optional(),
    ),
    /** Regions the created Athena table projects (comma-separated); absent: every region of the partition. */
    WHITTLE_TRAIL_REGIONS: optional.pipe(
      z.string().regex(REGIONS, "comma-separated region names").optional(),
    ),
    /** An existing CloudTrail table (`database.table`) for the athena source; absent: the stack creates one. */
    WHITTLE_ATHENA_TABLE: optional.pipe(
      z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$/, "database.table")
        .optional(),
    ),
    /** The existing table's partition column holding `yyyy/MM/dd`, if it has one (prunes to the window). */
    WHITTLE_ATHENA_DATE_PARTITION: optional.pipe(
      z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
        .optional(),
    ),
    /** Regions LookupEvents reads (comma-separated); absent: every region enabled for the account. */
    WHITTLE_LOOKUP_REGIONS: optional.pipe(
      z.string().regex(REGIONS, "comma-separated region names").optional(),
    ),
    /** The KMS key a trail encrypts its log files with (SSE-KMS): the auditor may decrypt with it. */
    WHITTLE_TRAIL_KMS_KEY_ARN: optional.pipe(
      z
        .string()
        .regex(/^arn:[a-z-]+:kms:/, "a KMS key ARN")
        .optional(),
    ),
    WHITTLE_AUDIT_DAYS: z.coerce.number().int().min(1).max(400).default(90),
    /** The audit configuration (thresholds, exclusions) as JSON, checked here with the engine's schema. */
    WHITTLE_AUDIT_CONFIG: z.string().default("{}"),
    WHITTLE_ORG_MODE: flag,
    /** Remediation: a separate function whose role may apply approved plans (IAM writes). Off by default. */
    WHITTLE_REMEDIATION: flag,
    WHITTLE_MEMBER_ROLE_NAME: z
      .string()
      .regex(/^[\w+=,.@-]{1,64}$/)
      .default("WhittleAuditReadOnly"),
    WHITTLE_REPORT_RETENTION_DAYS: z.coerce.number().int().min(1).default(400),
    /** A run still going after this long is stopped and recorded FAILED (the state machine's timeout). */
    WHITTLE_RUN_TIMEOUT_MINUTES: z.coerce
      .number()
      .int()
      .min(15)
      .max(24 * 60)
      .default(120),
    /** Org mode: accounts audited at once (the organization map's maxConcurrency). */
    WHITTLE_ORG_CONCURRENCY: z.coerce.number().int().min(1).max(40).default(5),
    /** Trail-bucket source: day/region partitions read at once (the partition map's maxConcurrency). */
    WHITTLE_PARTITION_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(10),
    /** Reserved concurrency of the audit steps function; absent: none reserved (small accounts have 10 in all). */
    WHITTLE_STEP_CONCURRENCY: z.coerce.number().int().min(1).max(1000).optional(),
    /** POST /audits requests per second (steady) across all callers; bursts up to 5. */
    WHITTLE_START_RATE: z.coerce.number().min(0.1).max(100).default(1),
    /** A customer managed KMS key for the reports; absent: S3-managed keys (SSE-S3). */
    WHITTLE_KMS_KEY_ARN: optional.pipe(z.string().startsWith("arn:").optional()),
  })
  .superRefine((env, ctx) => {
    let document: unknown;
    try {
      document = JSON.parse(env.WHITTLE_AUDIT_CONFIG);
    } catch {
      ctx.addIssue({ code: "custom", path: ["WHITTLE_AUDIT_CONFIG"], message: "not JSON" });
      return;
    }
    const parsed = auditConfigSchema.safeParse(document);
    for (const issue of parsed.error?.issues ?? []) {
      const where = issue.path.join(".") || "(root)";
      ctx.addIssue({ code: "custom", path: ["WHITTLE_AUDIT_CONFIG"], message: `${where}: ${issue.message}` });
    }
  })
  .transform((env) => ({
    schedule: env.WHITTLE_SCHEDULE,
    // A trail bucket, when given, is the better source: every region, data events, no rate limit.
    activity: env.WHITTLE_ACTIVITY_SOURCE ?? (env.WHITTLE_TRAIL_BUCKET ? "trail-bucket" : "lookup-events"),
    trailBucket: env.WHITTLE_TRAIL_BUCKET,
    trailPrefix: env.WHITTLE_TRAIL_PREFIX,
    lookupRegions: env.WHITTLE_LOOKUP_REGIONS,
    trailOrganizationId: env.WHITTLE_TRAIL_ORG_ID,
    trailRegions: env.WHITTLE_TRAIL_REGIONS?.split(","),
    athenaTable: env.WHITTLE_ATHENA_TABLE,
    athenaDatePartition: env.WHITTLE_ATHENA_DATE_PARTITION,
    trailKmsKeyArn: env.WHITTLE_TRAIL_KMS_KEY_ARN,
    days: env.WHITTLE_AUDIT_DAYS,
    auditConfig: env.WHITTLE_AUDIT_CONFIG,
    orgMode: env.WHITTLE_ORG_MODE,
    remediation: env.WHITTLE_REMEDIATION,
    memberRoleName: env.WHITTLE_MEMBER_ROLE_NAME,
    reportRetentionDays: env.WHITTLE_REPORT_RETENTION_DAYS,
    kmsKeyArn: env.WHITTLE_KMS_KEY_ARN,
    runTimeoutMinutes: env.WHITTLE_RUN_TIMEOUT_MINUTES,
    orgConcurrency: env.WHITTLE_ORG_CONCURRENCY,
    partitionConcurrency: env.WHITTLE_PARTITION_CONCURRENCY,
    stepConcurrency: env.WHITTLE_STEP_CONCURRENCY,
    startRate: env.WHITTLE_START_RATE,
  }))
  .refine((s) => (s.activity !== "trail-bucket" && s.activity !== "athena") || s.trailBucket, {
    // Athena reads the trail's objects with the caller's rights: the bucket is granted by name.
    message: "WHITTLE_ACTIVITY_SOURCE=trail-bucket or athena needs WHITTLE_TRAIL_BUCKET",
  });

export type DeploymentSettings = z.infer<typeof deploymentSettingsSchema>;

export function deploymentSettings(env: Record<string, string | undefined>): DeploymentSettings {
  const parsed = deploymentSettingsSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  throw new Error(
    `invalid Whittle settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
  );
}
