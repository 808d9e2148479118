import { hasPolicyVariable } from "./arn.js";
import { anyOf, type RequestContext, substituteVariables, type Tri } from "./context.js";
import { globMatch } from "./glob.js";

/**
 * Whether a Resource pattern matches a concrete resource ARN (case-sensitive; `*` and `?` cross
 * `:` and `/`). A pattern with a policy variable the context cannot resolve answers "maybe" when
 * the variable could make it match, and "no" when nothing could.
 */
export function matchResource(pattern: string, resource: string, context: RequestContext): Tri {
  if (!hasPolicyVariable(pattern)) return globMatch(unescapeLiterals(pattern), resource) ? "yes" : "no";
  const resolved = substituteVariables(pattern, context);
  if (resolved !== undefined) return globMatch(resolved, resource) ? "yes" : "no";
  const bounded = pattern.replace(/\$\{([^}]+)\}/g, (_, name: string) => (name.length === 1 ? name : "*"));
  return globMatch(bounded, resource) ? "maybe" : "no";
}

/** `${*}`, `${?}`, `${$}` stand for the literal characters. */
function unescapeLiterals(pattern: string): string {
  return pattern.includes("${") ? pattern.replace(/\$\{([*?$])\}/g, "$1") : pattern;
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
