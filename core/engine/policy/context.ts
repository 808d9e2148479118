/**
 * The request context a condition is evaluated against. Keys are case-insensitive, as IAM treats
 * condition key names. A context is `complete` when a key missing from it is known to be absent
 * from the request; otherwise a missing key is unknown and conditions on it evaluate to "maybe".
 */
export interface RequestContext {
  values: ReadonlyMap<string, readonly string[]>;
  complete: boolean;
  /** Keys (lower case) known to be absent from an incomplete context, such as tags a resource lacks. */
  absent?: (key: string) => boolean;
}

/** Three-valued truth: conditions and variable-bearing patterns can be undecidable offline. */
export type Tri = "yes" | "no" | "maybe";

export function makeContext(
  values: Record<string, string | number | boolean | readonly (string | number | boolean)[]> = {},
  complete = false,
): RequestContext {
  const map = new Map<string, string[]>();
  for (const [key, value] of Object.entries(values)) {
    map.set(key.toLowerCase(), (Array.isArray(value) ? value : [value]).map(String));
  }
  return { values: map, complete };
}

export const EMPTY_CONTEXT: RequestContext = makeContext();

/** Lowest of several three-valued results: "no" beats "maybe" beats "yes" (logical AND). */
export function allOf(results: Iterable<Tri>): Tri {
  let out: Tri = "yes";
  for (const r of results) {
    if (r === "no") return "no";
    if (r === "maybe") out = "maybe";
  }
  return out;
}

/** Highest of several three-valued results (logical OR). */
export function anyOf(results: Iterable<Tri>): Tri {
  let out: Tri = "no";
  for (const r of results) {
    if (r === "yes") return "yes";
    if (r === "maybe") out = "maybe";
  }
  return out;
}

export function not(result: Tri): Tri {
  return result === "yes" ? "no" : result === "no" ? "yes" : "maybe";
}

/**
 * Replaces policy variables (`${aws:username}`) with single context values. Returns undefined
 * when a variable is not known, so the caller can answer "maybe" instead of guessing. The result
 * keeps IAM's escapes (`${*}`, `${?}`, `${$}`) and escapes substituted values the same way, so a
 * `*` in a user name never acts as a wildcard: match it with policyGlobMatch, or compare it after
 * unescapePolicyText.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
export function substituteVariables(text: string, context: RequestContext): string | undefined {
  if (!text.includes("${")) return text;
  let unknown = false;
  const out = text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name === "*" || name === "?" || name === "$") return whole;
    const [variable, fallback] = splitDefault(name);
    const value = context.values.get(variable.toLowerCase());
    if (value && value.length === 1) return escapeLiteral(value[0]!);
    if (fallback !== undefined && (value?.length === 0 || keyAbsent(variable, context)))
      return escapeLiteral(fallback);
    unknown = true;
    return "";
  });
  return unknown ? undefined : out;
}

/**
 * Whether a text holds a policy variable without a default whose key the context knows to be absent
 * from the request (aws:username in a role session's call): IAM documents such a key as "not
 * present", where "any attempt to match it fails", so a Resource pattern holding it names nothing.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 */
export function namesAbsentVariable(text: string, context: RequestContext): boolean {
  if (!text.includes("${")) return false;
  for (const [, name] of text.matchAll(/\$\{([^}]+)\}/g)) {
    if (name === "*" || name === "?" || name === "$") continue;
    const [variable, fallback] = splitDefault(name!);
    if (fallback === undefined && keyAbsent(variable, context)) return true;
  }
  return false;
}

/** Whether the context knows a key (any case) to be missing from the request. */
function keyAbsent(key: string, context: RequestContext): boolean {
  const lower = key.toLowerCase();
  return !context.values.has(lower) && (context.complete || (context.absent?.(lower) ?? false));
}

/** The context keys (lower case) a text's policy variables name; IAM's escapes name none. */
export function policyVariables(text: string): string[] {
  if (!text.includes("${")) return [];
  const keys: string[] = [];
  for (const [, name] of text.matchAll(/\$\{([^}]+)\}/g))
    if (name !== "*" && name !== "?" && name !== "$") keys.push(splitDefault(name!)[0].toLowerCase());
  return keys;
}

function escapeLiteral(value: string): string {
  return value.replace(/[*?$]/g, (ch) => `\${${ch}}`);
}

/** `${aws:username, 'default'}` carries a default value used when the key is absent. */
function splitDefault(name: string): [string, string | undefined] {
  const match = /^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$/.exec(name);
  return match ? [match[1]!, match[2]!] : [name.trim(), undefined];
}
