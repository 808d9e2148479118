import { z } from "zod";
import { json, notFound, parseRequest } from "../problem.js";
import type { Route } from "./request.js";

const IAM_PRINCIPAL = /^arn:aws[\w-]*:iam::(\d{12}):(user|role|group)\/.+$/;

/** ARNs hold `/`, so clients URL-encode them into the one path segment. */
const params = z.object({
  arn: z
    .string()
    .transform((s, ctx) => {
      try {
        return decodeURIComponent(s);
      } catch {
        ctx.addIssue({ code: "custom", message: "not a valid URL-encoded ARN" });
        return z.NEVER;
      }
    })
    .pipe(z.string().regex(IAM_PRINCIPAL, "an IAM user, role or group ARN")),
});

/** GET /principals/{arn}/recommendation: from the latest successful run of the principal's account. */
export const recommendation: Route = async (event, runtime) => {
  const { arn } = parseRequest(params, event.pathParameters ?? {});
  const accountId = IAM_PRINCIPAL.exec(arn)?.[1] ?? "";
  const runId = await runtime.findings.latestRun(accountId);
  // LATEST only ever names a SUCCEEDED run; checked again because a table may predate that rule.
  const run = runId ? await runtime.findings.getRun(runId) : undefined;
  const report =
    run?.status === "SUCCEEDED"
      ? await runtime.reports.getReport({ accountId, runId: run.runId })
      : undefined;
  if (!runId || !report) throw notFound(`no successful audit of account ${accountId} yet`);
  const found = report.recommendations.find((r) => r.principalArn === arn);
  if (!found) throw notFound(`the latest audit (${runId}) has no recommendation for ${arn}`);
  return json(200, { runId, generatedAt: report.generatedAt, recommendation: found });
};
