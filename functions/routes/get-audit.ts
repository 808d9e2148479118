import { json, notFound, parseRequest } from "../problem.js";
import { type Route, runIdParams } from "./request.js";

/** GET /audits/{id}: the run's status, its counts once finished, its error if it failed. */
export const getAudit: Route = async (event, runtime) => {
  const { id } = parseRequest(runIdParams, event.pathParameters ?? {});
  const now = runtime.clock().toISOString();
  const found = await runtime.findings.getRun(id);
  // A run past its deadline is FAILED, whether or not its executor lived to say so.
  const run =
    found?.status === "RUNNING" && found.deadlineAt && found.deadlineAt < now
      ? await runtime.findings.expireRun(id, now)
      : found;
  if (!run) throw notFound(`no audit run ${id}`);
  const links = run.status === "SUCCEEDED" ? { report: `/audits/${id}/report?format=html` } : {};
  return json(200, { ...run, links });
};
