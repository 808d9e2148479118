import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { z } from "zod";
import {
  IdempotencyConflictError,
  InvalidPageTokenError,
  ReportNotFoundError,
  RunConflictError,
  RunNotFoundError,
  StoreUnavailableError,
} from "../core/aws/stores/index.js";
import { logger } from "./middleware.js";
import { remediationProblem } from "./remediation/problems.js";

/** An RFC 9457 (formerly 7807) problem document. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  [extension: string]: unknown;
}

export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

export function problem(p: Problem): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: p.status,
    headers: { "content-type": "application/problem+json" },
    body: JSON.stringify({ type: "about:blank", ...p }),
  };
}

/** Typed errors map to their status; anything else is a 500 whose detail stays in the logs. */
export function problemFromError(error: unknown): APIGatewayProxyStructuredResultV2 {
  if (error instanceof HttpProblem) return problem(error.problem);
  const remediation = remediationProblem(error);
  if (remediation) return problem(remediation);
  if (error instanceof InvalidPageTokenError)
    return problem({ title: "Invalid nextToken", status: 400, detail: error.message });
  if (error instanceof RunNotFoundError || error instanceof ReportNotFoundError)
    return problem({ title: "Not found", status: 404, detail: error.message });
  if (error instanceof IdempotencyConflictError)
    return problem({ title: "Idempotency-Key reused", status: 409, detail: error.message });
  if (error instanceof RunConflictError)
    return problem({ title: "Conflict", status: 409, detail: error.message });
  if (error instanceof StoreUnavailableError) {
    logger.error("store unavailable", { error });
    return problem({
      title: "Service unavailable",
      status: 503,
      detail: "storage is unavailable; retry later",
    });
  }
  logger.error("unhandled error", { error: error as Error });
  return problem({ title: "Internal error", status: 500 });
}

/**
 * What the caller sent, parsed: a mismatch is the caller's 400. Only request data goes through here,
 * so a ZodError from anything else (a stored report that no longer parses) stays a 500.
 */
export function parseRequest<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  throw new HttpProblem({
    title: "Invalid request",
    status: 400,
    detail: errors.map((e) => `${e.path || "body"}: ${e.message}`).join("; "),
    errors,
  });
}

export const notFound = (detail: string) => new HttpProblem({ title: "Not found", status: 404, detail });
