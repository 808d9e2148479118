import type {
  APIGatewayProxyEventV2WithIAMAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { z } from "zod";
import { HttpProblem, notFound, parseRequest } from "../problem.js";
import type { Runtime } from "../runtime.js";

export type ApiEvent = APIGatewayProxyEventV2WithIAMAuthorizer;
export type Route = (
  event: ApiEvent,
  runtime: Runtime,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * The most a request body may hold once decoded. The largest policy document AWS accepts is a KMS
 * key policy (32 KB; identity policies stop at 10,240 characters, bucket policies at 20 KB); twice
 * that leaves room for formatting. API Gateway would pass up to 10 MB, Lambda up to 6 MB: parsing
 * and linting that much for one caller is the cost this bound keeps off every other.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** The body as text, base64-decoded when API Gateway encoded it, refused with a 413 past the cap. */
export function bodyText(event: ApiEvent, maxBytes = MAX_BODY_BYTES): string {
  const raw = event.body ?? "";
  // Base64 decodes to 3 bytes per 4 characters, less its padding: an oversized body is refused unread.
  const padding = raw.endsWith("==") ? 2 : raw.endsWith("=") ? 1 : 0;
  const bound = event.isBase64Encoded ? Math.floor((raw.length * 3) / 4) - padding : raw.length;
  const text = event.isBase64Encoded && bound <= maxBytes ? Buffer.from(raw, "base64").toString("utf8") : raw;
  if (bound > maxBytes || Buffer.byteLength(text) > maxBytes)
    throw new HttpProblem({
      title: "Payload too large",
      status: 413,
      detail: `the body holds more than ${maxBytes} bytes`,
      maxBytes,
    });
  return text;
}

/** The JSON body (within the cap); an absent body is `{}`. */
export function jsonBody(event: ApiEvent): unknown {
  const text = bodyText(event);
  if (!text) return {};
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

/**
 * The account a route is about, from its path (`/accounts/{accountId}/...`), so an execute-api:Invoke
 * policy can scope a caller to accounts. A deployment audits its own account, or in org mode any of
 * the organization's; another account is not found.
 */
export function pathAccount(event: ApiEvent, runtime: Runtime, context: Context): string {
  const { accountId } = parseRequest(accountParams, event.pathParameters ?? {});
  const own = ownAccount(context);
  if (accountId !== own && !runtime.config.orgMode)
    throw notFound(`this deployment audits account ${own} only, not ${accountId}`);
  return accountId;
}

/** The path's run of the path's account: another account's run is not found, as if it did not exist. */
export async function accountRun(event: ApiEvent, runtime: Runtime, context: Context) {
  const accountId = pathAccount(event, runtime, context);
  const { id } = parseRequest(runIdParams, event.pathParameters ?? {});
  const run = await runtime.findings.getRun(id);
  // Runs recorded before they carried their account are the deployment's own.
  if (!run || (run.accountId ?? ownAccount(context)) !== accountId)
    throw notFound(`no audit run ${id} of account ${accountId}`);
  return { accountId, run };
}
