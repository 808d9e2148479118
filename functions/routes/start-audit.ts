import { randomUUID } from "node:crypto";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { z } from "zod";
import type { AuditMessage } from "../messages.js";
import { json, problem } from "../problem.js";
import { jsonBody, type Route } from "./request.js";

const body = z.strictObject({ days: z.number().int().min(1).max(400).optional() });
const idempotencyKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII, no spaces")
  .optional();

/**
 * POST /audits: records the run, queues it for the worker and answers 202 at once. The same
 * Idempotency-Key within a day returns the first run instead of starting another.
 */
export const startAudit: Route = async (event, runtime) => {
  const input = body.parse(jsonBody(event));
  const key = idempotencyKey.parse(event.headers["idempotency-key"]);
  const { queueUrl } = runtime.config;
  if (!queueUrl) return problem({ title: "On-demand audits are not configured", status: 501 });
  const startedAt = runtime.clock().toISOString();
  const { runId, created } = await runtime.findings.createRun(
    { runId: randomUUID(), trigger: "api", startedAt },
    key,
  );
  if (created) {
    const message: AuditMessage = { runId, trigger: "api", ...(input.days ? { days: input.days } : {}) };
    try {
      await runtime.clients.sqs.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }),
      );
    } catch (error) {
      await runtime.findings.failRun(
        runId,
        `could not be queued: ${(error as Error).message}`,
        runtime.clock().toISOString(),
      );
      return problem({
        title: "Service unavailable",
        status: 503,
        detail: "the audit could not be queued; retry later",
      });
    }
  }
  return json(
    202,
    { runId, status: "RUNNING", links: { self: `/audits/${runId}` } },
    { location: `/audits/${runId}` },
  );
};
