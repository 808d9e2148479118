import { createRouter } from "./router.js";
import { getAudit } from "./routes/get-audit.js";
import { listAccountAudits, listOrgAudits } from "./routes/list-audits.js";
import { listAccountFindings, listFindings, listOrgFindings } from "./routes/list-findings.js";
import { recommendation } from "./routes/recommendation.js";
import { reportUrl } from "./routes/report-url.js";
import type { Route } from "./routes/request.js";
import { startAudit } from "./routes/start-audit.js";
import { defaultRuntime, type Runtime } from "./runtime.js";

/** The HTTP API's routes, keyed as API Gateway names them in `routeKey` (and as stacks/ declares them). */
export const ROUTES: Record<string, Route> = {
  "POST /audits": startAudit,
  "GET /audits/{id}": getAudit,
  "GET /audits/{id}/report": reportUrl,
  "GET /findings": listFindings,
  "GET /principals/{arn}/recommendation": recommendation,
  "GET /accounts/{accountId}/audits": listAccountAudits,
  "GET /accounts/{accountId}/findings": listAccountFindings,
  "GET /org/audits": listOrgAudits,
  "GET /org/findings": listOrgFindings,
};

export function createApiHandler(runtime: () => Runtime) {
  return createRouter(runtime, ROUTES);
}

export const handler = createApiHandler(defaultRuntime);
