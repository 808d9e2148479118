import { z } from "zod";
import { HttpProblem, json, notFound, parseRequest } from "../problem.js";
import { type Route, runIdParams } from "./request.js";

const query = z.object({ format: z.enum(["html", "json", "md"]).default("html") });

/** GET /audits/{id}/report?format=: a short-lived presigned URL; only a SUCCEEDED run has a report. */
export const reportUrl: Route = async (event, runtime) => {
  const { id } = parseRequest(runIdParams, event.pathParameters ?? {});
  const { format } = parseRequest(query, event.queryStringParameters ?? {});
  const run = await runtime.findings.getRun(id);
  if (!run) throw notFound(`no audit run ${id}`);
  if (run.status !== "SUCCEEDED" || !run.accountId)
    throw new HttpProblem({
      title: "No report",
      status: 409,
      detail: `run ${id} is ${run.status}`,
      runStatus: run.status,
    });
  const url = await runtime.reports.getReportUrl({ accountId: run.accountId, runId: id }, format);
  return json(200, { runId: id, format, ...url });
};
