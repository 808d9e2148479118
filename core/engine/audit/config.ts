import { z } from "zod";
import { DATA_EVENT_TYPES } from "../activity/knowledge/data-event-types.js";
import { DATA_EVENT_ALIASES, OTHER_DATA_EVENT_TYPES } from "../activity/knowledge/other-data-event-types.js";
import { exclusionRuleSchema } from "../findings/suppression.js";

const days = z.number().int().positive();

const DATA_EVENT_NAMES = [
  ...Object.keys(DATA_EVENT_ALIASES),
  ...DATA_EVENT_TYPES.map((t) => t.type),
  ...OTHER_DATA_EVENT_TYPES,
] as [string, ...string[]];

/**
 * The audit configuration (`--config FILE`, or the Lambda's environment): every threshold has a
 * default, so an empty file is a valid configuration. Unknown keys are errors, so a typo never
 * silently falls back to a default.
 */
export const auditConfigSchema = z
  .strictObject({
    identity: z
      .strictObject({
        unusedPasswordDays: days.optional(),
        unusedAccessKeyDays: days.optional(),
        accessKeyRotationDays: days.optional(),
        rootRecentlyUsedDays: days.optional(),
        passwordPolicy: z
          .strictObject({
            minimumLength: z.number().int().min(6).max(128).optional(),
            reusePrevention: z.number().int().min(0).max(24).optional(),
            requireCharacterClasses: z.boolean().optional(),
          })
          .optional(),
      })
      .default({}),
    /** Findings to report as suppressed (never removed), each rule with its reason. */
    exclusions: z.array(exclusionRuleSchema).default([]),
    activity: z
      .strictObject({
        /**
         * Data-event resource types the trail logs for every resource (`AWS::SQS::Queue`...; `s3`,
         * `lambda`, `dynamodb` are aliases): their actions become observable. Used when the trail's
         * own event selectors are not known (offline runs without `--event-selectors`).
         */
        loggedDataEvents: z.array(z.enum(DATA_EVENT_NAMES)).default([]),
        /** Resources kept per (principal, action) before only a counter grows. */
        maxResources: z.number().int().positive().default(100),
      })
      .default({ loggedDataEvents: [], maxResources: 100 }),
    generate: z
      .strictObject({
        maxResourcesPerAction: z.number().int().positive().optional(),
        compress: z.boolean().optional(),
        /** Granted actions CloudTrail cannot show: kept by default; dropping them is opt-in. */
        unobservable: z.enum(["keep", "keep-if-accessed", "drop", "review"]).optional(),
      })
      .default({}),
  })
  .default({
    identity: {},
    exclusions: [],
    activity: { loggedDataEvents: [], maxResources: 100 },
    generate: {},
  });

export type AuditConfig = z.infer<typeof auditConfigSchema>;

export function auditConfig(input: unknown = {}): AuditConfig {
  return auditConfigSchema.parse(input ?? {});
}
