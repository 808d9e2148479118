import type { Context } from "aws-lambda";
import { lambda } from "./middleware.js";
import { defaultRuntime, type Runtime } from "./runtime.js";
import { organizationRuns } from "./steps/accounts.js";
import { athenaActivityQuery } from "./steps/activity-query.js";
import {
  applyFindings,
  auditAndReport,
  collectSnapshot,
  completeRun,
  failRun,
  recordRun,
} from "./steps/audit-steps.js";
import { type StepEvent, stepEventSchema } from "./steps/run-state.js";
import { aggregatePartition, partitionFailed, planPartitions } from "./steps/trail-partitions.js";
import { classify } from "./steps/transient.js";

/**
 * Every state of the audit state machines (stacks/orchestration.ts) invokes this one function with
 * `step` naming the work. A thrown error fails the state, whose Retry and Catch decide what follows.
 */
export function createAuditStepsHandler(runtime: () => Runtime) {
  return lambda(async (raw: unknown, _context: Context): Promise<unknown> => {
    const rt = runtime();
    const event = stepEventSchema.parse(raw);
    try {
      return await step(rt, event);
    } catch (error) {
      throw classify(error);
    }
  });
}

function step(rt: Runtime, event: StepEvent): Promise<unknown> {
  switch (event.step) {
    case "record":
      return recordRun(rt, event.runId, event.executionId, event.executionStart, event.input);
    case "snapshot":
      return collectSnapshot(rt, event.run);
    case "activity-query":
      return athenaActivityQuery(rt, event.run);
    case "partitions":
      return planPartitions(rt, event.run);
    case "partition":
      return aggregatePartition(rt, event.run, event.partition);
    case "partition-failed":
      return partitionFailed(rt, event.run, event.partition, describe(event.error));
    case "audit":
      return auditAndReport(rt, event.run);
    case "lifecycle":
      return applyFindings(rt, event.run, event.result);
    case "complete":
      return completeRun(rt, event.run, event.result);
    case "fail":
      return failRun(rt, event.runId, event.executionId, describe(event.error));
    case "accounts":
      return organizationRuns(rt);
  }
}

/** A Catch's `{ Error, Cause }`; a Lambda error's Cause is JSON with the message. */
function describe(error: { Error?: string | undefined; Cause?: string | undefined }): string {
  let message = error.Cause ?? "";
  try {
    const cause = JSON.parse(message) as { errorMessage?: unknown };
    if (typeof cause.errorMessage === "string") message = cause.errorMessage;
  } catch {
    // a plain-text cause (States.Timeout, States.TaskFailed)
  }
  return `${error.Error ?? "Error"}: ${message}`.slice(0, 2000);
}

export const handler = createAuditStepsHandler(defaultRuntime);
