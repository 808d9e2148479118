import { z } from "zod";
import { HttpProblem, json, parseRequest } from "../problem.js";
import { accountRun, type Route } from "./request.js";

const query = z.object({ format: z.enum(["html", "json", "md"]).default("html") });

/** GET /accounts/{accountId}/audits/{id}/report?format=: a short-lived presigned URL; only a SUCCEEDED run has one. */
export const reportUrl: Route = async (event, runtime, context) => {
  const { format } = parseRequest(query, event.queryStringParameters ?? {});
  const { accountId, run } = await accountRun(event, runtime, context);
  if (run.status !== "SUCCEEDED")
    throw new HttpProblem({
      title: "No report",
      status: 409,
      detail: `run ${run.runId} is ${run.status}`,
      runStatus: run.status,
    });
  const url = await runtime.reports.getReportUrl({ accountId, runId: run.runId }, format);
  return json(200, { runId: run.runId, format, ...url });
};
