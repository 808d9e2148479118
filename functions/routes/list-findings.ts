import { z } from "zod";
import { FINDING_STATUSES, type FindingQuery } from "../../core/aws/stores/index.js";
import { FINDING_KINDS, SEVERITIES } from "../../core/engine/findings/types.js";
import { json, parseRequest } from "../problem.js";
import { accountParams, accountQuery, ownAccount, pageQuery, type Route } from "./request.js";

const filters = pageQuery.extend({
  status: z.enum(FINDING_STATUSES).default("open"),
  severity: z.enum(SEVERITIES).optional(),
  kind: z.enum(FINDING_KINDS).optional(),
  principal: z.string().startsWith("arn:").optional(),
});
const query = filters.extend({ account: accountQuery });

/** The store's query for these filters (absent ones left out). */
export function findingQuery(q: z.infer<typeof filters>): Omit<FindingQuery, "accountId"> {
  return {
    status: q.status,
    limit: q.limit,
    ...(q.severity ? { severity: q.severity } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.principal ? { principalArn: q.principal } : {}),
    ...(q.nextToken ? { nextToken: q.nextToken } : {}),
  };
}

/**
 * GET /findings: one status at a time, most severe first. Kind and principal filters apply after
 * the page is read, so a page may hold fewer than `limit` items while `nextToken` still leads on.
 */
export const listFindings: Route = async (event, runtime, context) => {
  const q = parseRequest(query, event.queryStringParameters ?? {});
  const accountId = q.account ?? ownAccount(context);
  return json(200, await runtime.findings.queryFindings({ accountId, ...findingQuery(q) }));
};

/** GET /accounts/{accountId}/findings: the same, for the account named in the path. */
export const listAccountFindings: Route = async (event, runtime) => {
  const { accountId } = parseRequest(accountParams, event.pathParameters ?? {});
  const q = parseRequest(filters, event.queryStringParameters ?? {});
  return json(200, await runtime.findings.queryFindings({ accountId, ...findingQuery(q) }));
};

/**
 * GET /org/findings: every audited account's findings, account by account (by id), most severe
 * first within each account; the same filters and paging.
 */
export const listOrgFindings: Route = async (event, runtime) => {
  const q = parseRequest(filters, event.queryStringParameters ?? {});
  return json(200, await runtime.findings.queryOrgFindings(findingQuery(q)));
};
