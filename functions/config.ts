import { z } from "zod";
import { auditConfigSchema } from "../core/engine/audit/config.js";

const flag = z
  .enum(["true", "false"])
  .default("false")
  .transform((v) => v === "true");
const REGIONS = /^[a-z]{2}(-[a-z]+)+-\d(,[a-z]{2}(-[a-z]+)+-\d)*$/;
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined));
/** AUDIT_CONFIG holds the same document as the CLI's --config file, as JSON (thresholds, exclusions). */
const auditConfigJson = z
  .string()
  .default("{}")
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "AUDIT_CONFIG is not JSON" });
      return z.NEVER;
    }
  })
  .pipe(auditConfigSchema);

/**
 * The functions' configuration, from the environment the stack sets. Parsed once per cold start;
 * a bad value stops the function with every problem named, instead of a default taken silently.
 */
export const functionConfigSchema = z
  .object({
    TABLE_NAME: z.string().min(1),
    BUCKET_NAME: z.string().min(1),
    /** The account audit's state machine (POST /audits and the schedule start it); absent: no on-demand audits. */
    STATE_MACHINE_ARN: optionalText,
    /** Org mode's state machine: a map over the organization's accounts. */
    ORG_STATE_MACHINE_ARN: optionalText,
    REPORT_KMS_KEY_ID: optionalText,
    REPORT_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(300),
    /** Where activity comes from: a trail's bucket, the LookupEvents API, or none (snapshot only). */
    ACTIVITY_SOURCE: z.enum(["trail-bucket", "athena", "lookup-events", "none"]).default("lookup-events"),
    TRAIL_BUCKET: optionalText,
    TRAIL_PREFIX: optionalText,
    /** LookupEvents reads these regions (comma-separated); absent: every region enabled for the account. */
    LOOKUP_REGIONS: optionalText.pipe(z.string().regex(REGIONS, "comma-separated region names").optional()),
    /** The Athena source's CloudTrail table (`database.table`) and its partition columns. */
    ATHENA_TABLE: optionalText.pipe(
      z
        .string()
        .regex(/^[A-Za-z_]\w*\.[A-Za-z_]\w*$/, "database.table")
        .optional(),
    ),
    ATHENA_DATE_PARTITION: optionalText,
    ATHENA_ACCOUNT_PARTITION: optionalText,
    /** The regions the table projects: the Athena source's coverage names them as read. */
    ATHENA_REGIONS: optionalText.pipe(z.string().regex(REGIONS, "comma-separated region names").optional()),
    AUDIT_DAYS: z.coerce.number().int().min(1).max(400).default(90),
    AUDIT_CONFIG: auditConfigJson,
    ORG_MODE: flag,
    MEMBER_ROLE_NAME: z.string().min(1).default("WhittleAuditReadOnly"),
    /** The stack's partition, for the ARNs the functions build (member roles). */
    AWS_PARTITION: z.enum(["aws", "aws-us-gov", "aws-cn"]).default("aws"),
    WHITTLE_VERSION: z.string().min(1).default("unknown"),
    /** A run still RUNNING this long after it started is FAILED (its executor's own time limit). */
    RUN_TIMEOUT_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(15),
  })
  .refine((env) => env.ACTIVITY_SOURCE !== "trail-bucket" || env.TRAIL_BUCKET, {
    message: "ACTIVITY_SOURCE=trail-bucket needs TRAIL_BUCKET",
    path: ["TRAIL_BUCKET"],
  })
  .refine((env) => env.ACTIVITY_SOURCE !== "athena" || env.ATHENA_TABLE, {
    message: "ACTIVITY_SOURCE=athena needs ATHENA_TABLE",
    path: ["ATHENA_TABLE"],
  })
  .transform((env) => ({
    table: env.TABLE_NAME,
    bucket: env.BUCKET_NAME,
    stateMachineArn: env.STATE_MACHINE_ARN,
    orgStateMachineArn: env.ORG_STATE_MACHINE_ARN,
    reportKmsKeyId: env.REPORT_KMS_KEY_ID,
    reportUrlTtl: env.REPORT_URL_TTL_SECONDS,
    activity: env.ACTIVITY_SOURCE,
    trailBucket: env.TRAIL_BUCKET,
    trailPrefix: env.TRAIL_PREFIX,
    lookupRegions: env.LOOKUP_REGIONS?.split(","),
    athena: env.ATHENA_TABLE
      ? {
          table: env.ATHENA_TABLE,
          datePartition: env.ATHENA_DATE_PARTITION,
          accountPartition: env.ATHENA_ACCOUNT_PARTITION,
          regions: env.ATHENA_REGIONS?.split(","),
        }
      : undefined,
    days: env.AUDIT_DAYS,
    audit: env.AUDIT_CONFIG,
    orgMode: env.ORG_MODE,
    memberRoleName: env.MEMBER_ROLE_NAME,
    partition: env.AWS_PARTITION,
    version: env.WHITTLE_VERSION,
    runTimeoutMinutes: env.RUN_TIMEOUT_MINUTES,
  }));

export type FunctionConfig = z.infer<typeof functionConfigSchema>;

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export function loadConfig(env: Record<string, string | undefined>): FunctionConfig {
  const parsed = functionConfigSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`);
  throw new ConfigError(`invalid function configuration: ${problems.join("; ")}`);
}
