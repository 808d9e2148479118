/** The HTTP API's routes; the api handler serves exactly these (a test keeps the two in sync). */
export const API_ROUTES = [
  "POST /audits",
  "GET /audits/{id}",
  "GET /audits/{id}/report",
  "GET /findings",
  "GET /principals/{arn}/recommendation",
  "GET /accounts/{accountId}/audits",
  "GET /accounts/{accountId}/findings",
  "GET /org/audits",
  "GET /org/findings",
] as const;

/** The route that starts audits: the one with a rate limit. */
export const START_ROUTE: (typeof API_ROUTES)[number] = "POST /audits";
