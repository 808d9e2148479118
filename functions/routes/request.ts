import type {
  APIGatewayProxyEventV2WithIAMAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { z } from "zod";
import { HttpProblem } from "../problem.js";
import type { Runtime } from "../runtime.js";

export type ApiEvent = APIGatewayProxyEventV2WithIAMAuthorizer;
export type Route = (
  event: ApiEvent,
  runtime: Runtime,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** The JSON body, base64-decoded when API Gateway encoded it; an absent body is `{}`. */
export function jsonBody(event: ApiEvent): unknown {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpProblem({ title: "Invalid request", status: 400, detail: "the body is not JSON" });
  }
}

/** The function's own account, from its ARN: the default audited account of every read. */
export function ownAccount(context: Context): string {
  return context.invokedFunctionArn.split(":")[4] ?? "";
}

export const runIdParams = z.object({ id: z.uuid() });

const accountId = z.string().regex(/^\d{12}$/, "an account id is 12 digits");
export const accountQuery = accountId.optional();
export const accountParams = z.object({ accountId });

/** A page of a listing: at most `limit` items, resumed with the `nextToken` the last page gave. */
export const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  nextToken: z.string().min(1).max(2048).optional(),
});
