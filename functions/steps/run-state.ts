import { z } from "zod";

export const accountIdSchema = z.string().regex(/^\d{12}$/, "an account id is 12 digits");

/** An execution's input: what the schedule, POST /audits or the organization map asked for. */
export const executionInputSchema = z.object({
  trigger: z.enum(["schedule", "api", "organization"]),
  accountId: accountIdSchema.optional(),
  days: z.number().int().min(1).max(400).optional(),
});
export type ExecutionInput = z.infer<typeof executionInputSchema>;

/** The run as it travels between states: ids and dates only, everything bulky is in S3. */
export const runStateSchema = executionInputSchema.extend({
  runId: z.uuid(),
  startedAt: z.iso.datetime(),
  /**
   * What the activity states produced: the Athena aggregation query the state machine ran, or the
   * trail bucket's partitions listed for the fan-out (the list itself is a work object in S3).
   */
  activity: z
    .object({
      queryExecutionId: z.string().min(1).optional(),
      partitions: z.object({ bucket: z.string(), key: z.string(), count: z.number().int() }).optional(),
    })
    .optional(),
});
export type RunState = z.infer<typeof runStateSchema>;

const DAY_MS = 86_400_000;

/** The window runAudit reads for a run: from its start, back its days. Every activity step uses it. */
export function runWindow(run: RunState, defaultDays: number) {
  const end = Date.parse(run.startedAt);
  const days = run.days ?? defaultDays;
  return { start: new Date(end - days * DAY_MS).toISOString(), end: new Date(end).toISOString(), days };
}

export const partitionSchema = z.object({
  account: accountIdSchema,
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
  day: z.string().regex(/^\d{4}\/\d{2}\/\d{2}$/),
  prefix: z.string().min(1),
});

export const auditResultSchema = z.object({
  accountId: accountIdSchema,
  counts: z.object({
    critical: z.number(),
    high: z.number(),
    medium: z.number(),
    low: z.number(),
    info: z.number(),
    suppressed: z.number(),
    principals: z.number(),
    events: z.number(),
  }),
});
export type AuditResult = z.infer<typeof auditResultSchema>;

/** Every state's payload, as the state machine builds it (stacks/orchestration.ts). */
export const stepEventSchema = z.discriminatedUnion("step", [
  z.object({
    step: z.literal("record"),
    runId: z.uuid(),
    executionId: z.string().min(1),
    executionStart: z.iso.datetime(),
    input: executionInputSchema,
  }),
  z.object({ step: z.literal("snapshot"), run: runStateSchema }),
  z.object({ step: z.literal("audit"), run: runStateSchema }),
  z.object({ step: z.literal("activity-query"), run: runStateSchema }),
  z.object({ step: z.literal("partitions"), run: runStateSchema }),
  z.object({ step: z.literal("partition"), run: runStateSchema, partition: partitionSchema }),
  z.object({
    step: z.literal("partition-failed"),
    run: runStateSchema,
    partition: partitionSchema,
    error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).passthrough(),
  }),
  z.object({ step: z.literal("lifecycle"), run: runStateSchema, result: auditResultSchema }),
  z.object({ step: z.literal("complete"), run: runStateSchema, result: auditResultSchema }),
  z.object({
    step: z.literal("fail"),
    runId: z.uuid(),
    executionId: z.string().min(1),
    error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).passthrough(),
  }),
  z.object({ step: z.literal("accounts"), executionStart: z.iso.datetime() }),
]);
export type StepEvent = z.infer<typeof stepEventSchema>;
