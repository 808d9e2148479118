import { z } from "zod";

export const accountIdSchema = z.string().regex(/^\d{12}$/, "an account id is 12 digits");

/** The queue's message: one audit for the worker (an API request, or one account of an org fan-out). */
export const auditMessageSchema = z.strictObject({
  runId: z.uuid(),
  trigger: z.enum(["api", "organization"]),
  accountId: accountIdSchema.optional(),
  days: z.number().int().min(1).max(400).optional(),
});

export type AuditMessage = z.infer<typeof auditMessageSchema>;
