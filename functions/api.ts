import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { lambda, logger } from "./middleware.js";
import { problem, problemFromError } from "./problem.js";
import { getAudit } from "./routes/get-audit.js";
import { listFindings } from "./routes/list-findings.js";
import { recommendation } from "./routes/recommendation.js";
import { reportUrl } from "./routes/report-url.js";
import type { ApiEvent, Route } from "./routes/request.js";
import { startAudit } from "./routes/start-audit.js";
import { validatePolicy } from "./routes/validate-policy.js";
import { defaultRuntime, type Runtime } from "./runtime.js";

/** The HTTP API's routes, keyed as API Gateway names them in `routeKey` (and as stacks/ declares them). */
export const ROUTES: Record<string, Route> = {
  "POST /accounts/{accountId}/audits": startAudit,
  "GET /accounts/{accountId}/audits/{id}": getAudit,
  "GET /accounts/{accountId}/audits/{id}/report": reportUrl,
  "GET /accounts/{accountId}/findings": listFindings,
  "GET /accounts/{accountId}/principals/{arn}/recommendation": recommendation,
  "POST /policies/validate": validatePolicy,
};

export function createApiHandler(runtime: () => Runtime) {
  return lambda(
    async (event: ApiEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
      const route = ROUTES[event.routeKey];
      if (!route) return problem({ title: "Not found", status: 404, detail: `no route ${event.routeKey}` });
      // Every route is IAM-authorized; the caller is logged for the audit trail of the auditor itself.
      logger.appendKeys({ caller: event.requestContext.authorizer?.iam?.userArn, route: event.routeKey });
      try {
        return await route(event, runtime(), context);
      } catch (error) {
        return problemFromError(error);
      }
    },
    { captureResponse: false },
  );
}

export const handler = createApiHandler(defaultRuntime);
