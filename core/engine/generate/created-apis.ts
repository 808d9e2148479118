import type { ObservedAction } from "./types.js";

/** `arn:aws:apigateway:REGION::/restapis`: a POST on it creates (or imports) a REST API. */
const REST_APIS = /^arn:[^:]+:apigateway:[^:]+::\/restapis$/;
/** A REST API's own ARN at the head of a path in it: `…::/restapis/ID` of `…::/restapis/ID/stages/prod`. */
const REST_API = /^(arn:[^:]+:apigateway:[^:]+::\/restapis)\/[^/*?]+/;

/**
 * The REST APIs the principal's calls name, where its calls also create REST APIs in that Region
 * and name more than one: API Gateway picks a new API's id (CreateRestApi's `id`, which the
 * request cannot choose), so a job making an API each run names a new one in each run's later
 * calls, as one making a table each run does. Each counts as created in `…::/restapis/*`, so the
 * paths seen inside it are kept for every API there, never past a current grant. The record of the
 * creation does not name the id it answered: which of the APIs named were made by these calls is
 * unknown, and all of them count.
 * https://docs.aws.amazon.com/apigateway/latest/api/API_CreateRestApi.html
 */
export function createdRestApis(
  observed: readonly ObservedAction[],
): Map<string, { container: string; repeated: boolean }> {
  const out = new Map<string, { container: string; repeated: boolean }>();
  const creating = new Set<string>();
  for (const o of observed)
    if (o.count > 0 && o.action === "apigateway:POST")
      for (const resource of o.resources) if (REST_APIS.test(resource)) creating.add(resource);
  if (creating.size === 0) return out;
  const named = new Map<string, Set<string>>();
  for (const o of observed) {
    if (o.count <= 0) continue;
    for (const resource of o.resources) {
      const match = REST_API.exec(resource);
      if (!match || !creating.has(match[1]!)) continue;
      const apis = named.get(match[1]!);
      if (apis) apis.add(match[0]);
      else named.set(match[1]!, new Set([match[0]]));
    }
  }
  for (const [collection, apis] of named)
    if (apis.size > 1) for (const api of apis) out.set(api, { container: `${collection}/*`, repeated: true });
  return out;
}
