import { json } from "../problem.js";
import { accountRun, type Route } from "./request.js";

/** GET /accounts/{accountId}/audits/{id}: the run's status, its counts once finished, its error if it failed. */
export const getAudit: Route = async (event, runtime, context) => {
  const { accountId, run: found } = await accountRun(event, runtime, context);
  const now = runtime.clock().toISOString();
  // A run past its deadline is FAILED, whether or not its executor lived to say so.
  const run =
    found.status === "RUNNING" && found.deadlineAt && found.deadlineAt < now
      ? ((await runtime.findings.expireRun(found.runId, now)) ?? found)
      : found;
  const self = `/accounts/${accountId}/audits/${run.runId}`;
  const links = run.status === "SUCCEEDED" ? { self, report: `${self}/report?format=html` } : { self };
  return json(200, { ...run, links });
};
