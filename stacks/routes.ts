/**
 * The HTTP API's routes; the api handler serves exactly these (a test keeps the two in sync). Each
 * about an account carries it in its path, so an execute-api:Invoke policy can scope a caller to
 * accounts; validating an uploaded policy document concerns none, and /org/* every account.
 */
export const API_ROUTES = [
  "POST /accounts/{accountId}/audits",
  "GET /accounts/{accountId}/audits",
  "GET /accounts/{accountId}/audits/{id}",
  "GET /accounts/{accountId}/audits/{id}/report",
  "GET /accounts/{accountId}/findings",
  "GET /accounts/{accountId}/principals/{arn}/recommendation",
  "GET /org/audits",
  "GET /org/findings",
  "POST /policies/validate",
] as const;

/** The route that starts audits: the one with a rate limit. */
export const START_ROUTE: (typeof API_ROUTES)[number] = "POST /accounts/{accountId}/audits";
