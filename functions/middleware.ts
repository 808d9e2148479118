import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";

/** One logger, metrics and tracer per process, shared by every handler (Powertools' recommended use). */
export const logger = new Logger({ serviceName: "whittle" });
export const metrics = new Metrics({ namespace: "Whittle", serviceName: "whittle" });
export const tracer = new Tracer({ serviceName: "whittle" });

/**
 * Wraps a handler with the same middleware everywhere: a trace segment, the Lambda context in every
 * log line, and metrics flushed (with a cold-start metric) when the invocation ends, even on error.
 * `captureResponse: false` keeps the result out of X-Ray: presigned URLs and findings belong to the caller.
 */
export function lambda<Event, Result>(
  handler: (event: Event, context: Context) => Promise<Result>,
  options: { captureResponse?: boolean } = {},
) {
  return middy(handler)
    .use(captureLambdaHandler(tracer, { captureResponse: options.captureResponse ?? true }))
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}
