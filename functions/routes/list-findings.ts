import { z } from "zod";
import { FINDING_STATUSES } from "../../core/aws/stores/index.js";
import { FINDING_KINDS, SEVERITIES } from "../../core/engine/findings/types.js";
import { json } from "../problem.js";
import { pathAccount, type Route } from "./request.js";

const query = z.strictObject({
  status: z.enum(FINDING_STATUSES).default("open"),
  severity: z.enum(SEVERITIES).optional(),
  kind: z.enum(FINDING_KINDS).optional(),
  principal: z.string().startsWith("arn:").optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  nextToken: z.string().min(1).max(2048).optional(),
});

/**
 * GET /accounts/{accountId}/findings: one status at a time, most severe first. Kind and principal filters apply after
 * the page is read, so a page may hold fewer than `limit` items while `nextToken` still leads on.
 */
export const listFindings: Route = async (event, runtime, context) => {
  const accountId = pathAccount(event, runtime, context);
  const q = query.parse(event.queryStringParameters ?? {});
  const page = await runtime.findings.queryFindings({
    accountId,
    status: q.status,
    limit: q.limit,
    ...(q.severity ? { severity: q.severity } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.principal ? { principalArn: q.principal } : {}),
    ...(q.nextToken ? { nextToken: q.nextToken } : {}),
  });
  return json(200, page);
};
