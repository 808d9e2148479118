import { hasPolicyVariable } from "./arn.js";
import { anyOf, type RequestContext, substituteVariables, type Tri } from "./context.js";
import { policyGlobMatch } from "./glob.js";

/**
 * Whether a Resource pattern matches a concrete resource ARN (case-sensitive; `*` and `?` cross
 * `:` and `/`). A pattern with a policy variable the context cannot resolve answers "maybe" when
 * the variable could make it match, and "no" when nothing could.
 */
export function matchResource(pattern: string, resource: string, context: RequestContext): Tri {
  if (!hasPolicyVariable(pattern)) return policyGlobMatch(pattern, resource) ? "yes" : "no";
  const resolved = substituteVariables(pattern, context);
  if (resolved !== undefined) return policyGlobMatch(resolved, resource) ? "yes" : "no";
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
  const hit = anyOf(patterns.map((p) => matchResource(p, resource, context)));
  if (!not) return hit;
  return hit === "yes" ? "no" : hit === "no" ? "yes" : "maybe";
}
