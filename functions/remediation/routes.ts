import { z } from "zod";
import {
  applyApproved,
  approvePlan,
  type Remediation,
  rollbackApplied,
} from "../../core/aws/plan-remediation.js";
import { ChangeNotFoundError } from "../../core/aws/stores/index.js";
import { HttpProblem, json, parseRequest } from "../problem.js";
import type { RouteOf } from "../router.js";
import type { ApiEvent } from "../routes/request.js";
import { ownAccount } from "../routes/request.js";

type RemediationRoute = RouteOf<Remediation>;

const SAFE_ID = /^[A-Za-z0-9._-]{1,128}$/;
const account = z.string().regex(/^\d{12}$/, "an account id is 12 digits");
const planParams = z.strictObject({
  accountId: account,
  id: z.uuid(),
  planId: z.string().regex(SAFE_ID, "a plan id"),
});
const accountParams = z.strictObject({ accountId: account });
const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  nextToken: z.string().min(1).max(2048).optional(),
});
const changeParams = z.strictObject({
  accountId: account,
  changeId: z.string().regex(SAFE_ID, "a change id"),
});

/** The IAM identity that signed the request: who approved, applied or rolled back. */
function caller(event: ApiEvent): string {
  const arn = event.requestContext.authorizer?.iam?.userArn;
  if (!arn)
    throw new HttpProblem({ title: "Forbidden", status: 403, detail: "the request is not IAM-signed" });
  return arn;
}

/** Remediation acts with this function's role, which holds IAM writes in its own account only. */
function inOwnAccount<T extends { accountId: string }>(
  params: T,
  context: Parameters<RemediationRoute>[2],
): T {
  const own = ownAccount(context);
  if (params.accountId !== own)
    throw new HttpProblem({
      title: "Forbidden",
      status: 403,
      detail: `remediation changes only account ${own}, where Whittle is deployed`,
    });
  return params;
}

/** POST .../plans/{planId}/approval: records the caller's approval of the plan as the run saw it. */
export const approve: RemediationRoute = async (event, r, context) => {
  const p = inOwnAccount(parseRequest(planParams, event.pathParameters ?? {}), context);
  const { approval, created } = await approvePlan(r, { ...p, runId: p.id }, caller(event));
  return json(created ? 201 : 200, approval);
};

/** POST .../plans/{planId}/apply: applies an approved plan; 409 when IAM drifted since the audit. */
export const apply: RemediationRoute = async (event, r, context) => {
  const p = inOwnAccount(parseRequest(planParams, event.pathParameters ?? {}), context);
  const change = await applyApproved(r, { ...p, runId: p.id }, caller(event));
  const self = `/accounts/${change.accountId}/changes/${change.changeId}`;
  return json(201, change, { location: self });
};

/** GET /accounts/{accountId}/changes: the account's change records, paginated with nextToken. */
export const listChanges: RemediationRoute = async (event, r, context) => {
  const { accountId } = inOwnAccount(parseRequest(accountParams, event.pathParameters ?? {}), context);
  const q = parseRequest(listQuery, event.queryStringParameters ?? {});
  const page = await r.changes.listChanges(accountId, {
    limit: q.limit,
    ...(q.nextToken ? { nextToken: q.nextToken } : {}),
  });
  return json(200, page);
};

/** GET .../changes/{changeId}: the change's record: plan, run, approval, backup, every step. */
export const getChange: RemediationRoute = async (event, r, context) => {
  const p = inOwnAccount(parseRequest(changeParams, event.pathParameters ?? {}), context);
  const change = await r.changes.getChange(p.accountId, p.changeId);
  if (!change) throw new ChangeNotFoundError(`no change ${p.changeId} in account ${p.accountId}`);
  return json(200, change);
};

/** POST .../changes/{changeId}/rollback: restores what the change replaced, from its backup. */
export const rollback: RemediationRoute = async (event, r, context) => {
  const p = inOwnAccount(parseRequest(changeParams, event.pathParameters ?? {}), context);
  return json(200, await rollbackApplied(r, p, caller(event)));
};
