import type { APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import { lambda, logger } from "./middleware.js";
import { problem, problemFromError } from "./problem.js";
import type { ApiEvent } from "./routes/request.js";

/** A route's handler, given the function's runtime (the API's, or remediation's). */
export type RouteOf<R> = (
  event: ApiEvent,
  runtime: R,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** An HTTP API function: dispatches on `routeKey` as API Gateway names it; errors become problem+json. */
export function createRouter<R>(runtime: () => R, routes: Record<string, RouteOf<R>>) {
  return lambda(
    async (event: ApiEvent, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
      const route = routes[event.routeKey];
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
