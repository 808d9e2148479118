import { json, parseRequest } from "../problem.js";
import { accountParams, pageQuery, type Route } from "./request.js";

/** GET /accounts/{accountId}/audits: the account's runs, newest first, paged by `nextToken`. */
export const listAccountAudits: Route = async (event, runtime) => {
  const { accountId } = parseRequest(accountParams, event.pathParameters ?? {});
  const q = parseRequest(pageQuery, event.queryStringParameters ?? {});
  const page = await runtime.findings.listRuns(accountId, {
    limit: q.limit,
    ...(q.nextToken ? { nextToken: q.nextToken } : {}),
  });
  return json(200, page);
};

/** GET /org/audits: the latest successful run of every audited account, by account id. */
export const listOrgAudits: Route = async (event, runtime) => {
  const q = parseRequest(pageQuery, event.queryStringParameters ?? {});
  const page = await runtime.findings.listLatestRuns({
    limit: q.limit,
    ...(q.nextToken ? { nextToken: q.nextToken } : {}),
  });
  return json(200, page);
};
