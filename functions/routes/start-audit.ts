import { createHash, randomUUID } from "node:crypto";
import { z } from "zod";
import type { RunRecord } from "../../core/aws/stores/index.js";
import type { AuditRequest, AuditStarter } from "../audit-starter.js";
import { HttpProblem, json, parseRequest, problem } from "../problem.js";
import type { Runtime } from "../runtime.js";
import { jsonBody, type Route } from "./request.js";

const body = z.strictObject({ days: z.number().int().min(1).max(400).optional() });
const idempotencyKey = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII, no spaces")
  .optional();

/**
 * POST /audits: records the run, hands it to its executor and answers 202 at once. The same
 * Idempotency-Key within a day answers with that run as it stands (re-starting it if it was never
 * started); the same key with another body is a 409.
 */
export const startAudit: Route = async (event, runtime) => {
  const input = parseRequest(body, jsonBody(event));
  const key = parseRequest(idempotencyKey, event.headers["idempotency-key"]);
  const { starter } = runtime;
  if (!starter) return problem({ title: "On-demand audits are not configured", status: 501 });
  const now = runtime.clock();
  const deadline = new Date(now.getTime() + runtime.config.runTimeoutMinutes * 60_000);
  const { runId, created } = await runtime.findings.createRun(
    { runId: randomUUID(), trigger: "api", startedAt: now.toISOString(), deadlineAt: deadline.toISOString() },
    key ? { key, fingerprint: fingerprint(input) } : undefined,
  );
  const message: AuditRequest = { runId, trigger: "api", ...(input.days ? { days: input.days } : {}) };
  if (created || (await runtime.findings.restartRun(runId))) return handOver(runtime, starter, message);
  const run = await runtime.findings.getRun(runId);
  if (!run) throw new HttpProblem({ title: "Not found", status: 404, detail: `no audit run ${runId}` });
  return accepted(run);
};

async function handOver(runtime: Runtime, starter: AuditStarter, message: AuditRequest) {
  try {
    await starter.start(message);
  } catch (error) {
    await runtime.findings.failRun(
      message.runId,
      `not started: ${(error as Error).message}`,
      runtime.clock().toISOString(),
      { neverStarted: true },
    );
    return problem({
      title: "Service unavailable",
      status: 503,
      detail: "the audit could not be started; retry with the same Idempotency-Key",
      runId: message.runId,
    });
  }
  return accepted({ runId: message.runId, status: "RUNNING" });
}

/** 202 while the run is RUNNING, 200 once it has finished: the body is always its true status. */
function accepted(run: Pick<RunRecord, "runId" | "status" | "error">) {
  const self = `/audits/${run.runId}`;
  return json(
    run.status === "RUNNING" ? 202 : 200,
    { runId: run.runId, status: run.status, ...(run.error ? { error: run.error } : {}), links: { self } },
    { location: self },
  );
}

/** The request as parsed (defaults applied, keys sorted), so the same request always hashes the same. */
function fingerprint(input: z.infer<typeof body>): string {
  const canonical = JSON.stringify(
    Object.fromEntries(Object.entries(input).sort(([a], [b]) => a.localeCompare(b))),
  );
  return createHash("sha256").update(canonical).digest("hex");
}
