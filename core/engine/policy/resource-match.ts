import { hasPolicyVariable } from "./arn.js";
import { namesAbsentVariable, type RequestContext, substituteVariables, type Tri } from "./context.js";
import { policyGlobMatch } from "./glob.js";

/**
 * Whether a Resource pattern matches a concrete resource ARN (case-sensitive; `*` and `?` cross
 * `:` and `/`). A pattern with a policy variable the context cannot resolve answers "maybe" when
 * the variable could make it match, and "no" when nothing could, or when the variable's key is known
 * absent from the request and has no default.
 */
export function matchResource(pattern: string, resource: string, context: RequestContext): Tri {
  if (!pattern.includes("${") || !hasPolicyVariable(pattern))
    return policyGlobMatch(pattern, resource) ? "yes" : "no";
  const resolved = substituteVariables(pattern, context);
  if (resolved !== undefined) return policyGlobMatch(resolved, resource) ? "yes" : "no";
  if (namesAbsentVariable(pattern, context)) return "no";
  // Unknown variables could become anything: `*` bounds them; the literal escapes stay literal.
  const bounded = pattern.replace(/\$\{([^}]+)\}/g, (whole, name: string) =>
    name.length === 1 ? whole : "*",
  );
  return policyGlobMatch(bounded, resource) ? "maybe" : "no";
}

/** Resource / NotResource element against one resource. */
export function matchResourceElement(
  patterns: readonly string[] | undefined,
  not: boolean,
  resource: string,
  context: RequestContext,
): Tri {
  if (!patterns) return "yes";
  let hit: Tri = "no";
  for (const p of patterns) {
    const match = matchResource(p, resource, context);
    if (match === "yes") {
      hit = "yes";
      break;
    }
    if (match === "maybe") hit = "maybe";
  }
  if (!not) return hit;
  return hit === "yes" ? "no" : hit === "no" ? "yes" : "maybe";
}
