import { splitOperator } from "./condition-operators.js";
import { decodePolicyDocument, PolicyDecodeError } from "./decode.js";
import { PolicyParseError } from "./errors.js";
import type {
  ConditionClause,
  Effect,
  ParsedPolicy,
  Policy,
  PolicyKind,
  PolicyProblem,
  PrincipalSpec,
  Statement,
} from "./types.js";

const POLICY_KEYS = new Set(["Version", "Id", "Statement"]);
const STATEMENT_KEYS = new Set([
  "Sid",
  "Effect",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Principal",
  "NotPrincipal",
  "Condition",
]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);
const ACTION_FORMAT = /^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]*)$/;

export interface ParseOptions {
  /** Which elements are required; `auto` (default) treats a document with a Principal as a resource policy. */
  kind?: PolicyKind;
}

/**
 * Parses and normalizes a policy document given as an object, a JSON string or a URL-encoded JSON
 * string. Grammar problems are collected as data; statements with errors are left out of
 * `policy.statements`, so callers must check `problems` before trusting an evaluation.
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
export function parsePolicy(input: unknown, options: ParseOptions = {}): ParsedPolicy {
  const problems: PolicyProblem[] = [];
  const problem = (p: PolicyProblem) => problems.push(p);
  let raw: unknown;
  try {
    raw = decodePolicyDocument(input);
  } catch (error) {
    if (!(error instanceof PolicyDecodeError)) throw error;
    problem({ code: "malformed-json", severity: "error", path: "", message: error.message });
    return { problems };
  }
  if (!isObject(raw)) {
    problem({
      code: "not-an-object",
      severity: "error",
      path: "",
      message: "a policy must be a JSON object",
    });
    return { problems };
  }
  for (const key of Object.keys(raw)) {
    if (!POLICY_KEYS.has(key)) {
      problem({
        code: "unknown-element",
        severity: "error",
        path: key,
        message: `unknown policy element "${key}"`,
      });
    }
  }
  const version = raw.Version;
  if (version === undefined) {
    problem({
      code: "missing-version",
      severity: "warning",
      path: "Version",
      message:
        'no Version: IAM assumes 2008-10-17, which does not support policy variables; use "2012-10-17"',
    });
  } else if (typeof version !== "string" || !VERSIONS.has(version)) {
    problem({
      code: "invalid-version",
      severity: "error",
      path: "Version",
      message: `invalid Version ${json(version)}`,
    });
  }
  const rawStatements = raw.Statement;
  const list = Array.isArray(rawStatements)
    ? rawStatements
    : rawStatements === undefined
      ? []
      : [rawStatements];
  if (rawStatements === undefined || list.length === 0) {
    problem({
      code: "missing-statement",
      severity: "error",
      path: "Statement",
      message: "the policy has no Statement",
    });
  }
  const kind = options.kind && options.kind !== "auto" ? options.kind : inferKind(list);
  const statements: Statement[] = [];
  list.forEach((item, index) => {
    const path = Array.isArray(rawStatements) ? `Statement[${index}]` : "Statement";
    const statement = parseStatement(item, index, path, kind, problem);
    if (statement) statements.push(version === "2012-10-17" ? statement : literalVariables(statement));
  });
  const policy: Policy = {
    ...(typeof version === "string" ? { version } : {}),
    ...(typeof raw.Id === "string" ? { id: raw.Id } : {}),
    statements,
    size: JSON.stringify(raw).replace(/\s/g, "").length,
    raw,
  };
  return { policy, problems };
}

/** Parses a document and throws PolicyParseError when IAM would reject it. */
export function parsePolicyOrThrow(input: unknown, source: string, options: ParseOptions = {}): Policy {
  const { policy, problems } = parsePolicy(input, options);
  const errors = problems.filter((p) => p.severity === "error");
  if (!policy || errors.length > 0) throw new PolicyParseError(source, errors);
  return policy;
}

/**
 * Policy variables exist only in Version 2012-10-17; in older or missing versions `${aws:username}`
 * is literal text. Normalized once here with IAM's own escape (`${$}` is a literal `$`), so the
 * evaluator and generator never mistake it for a variable.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
function literalVariables(statement: Statement): Statement {
  const literal = (text: string) => text.replaceAll("${", "${$}{");
  return {
    ...statement,
    ...(statement.resources ? { resources: statement.resources.map(literal) } : {}),
    conditions: statement.conditions.map((c) => ({ ...c, values: c.values.map(literal) })),
  };
}

function inferKind(list: unknown[]): PolicyKind {
  return list.some((s) => isObject(s) && ("Principal" in s || "NotPrincipal" in s)) ? "resource" : "identity";
}

type Report = (p: PolicyProblem) => void;

function parseStatement(
  item: unknown,
  index: number,
  path: string,
  kind: PolicyKind,
  problem: Report,
): Statement | undefined {
  let failures = 0;
  const err = (code: string, at: string, message: string) => {
    failures++;
    problem({ code, severity: "error", statementIndex: index, path: at, message });
  };
  if (!isObject(item)) {
    err("invalid-statement", path, "a statement must be a JSON object");
    return undefined;
  }
  for (const key of Object.keys(item)) {
    if (!STATEMENT_KEYS.has(key))
      err("unknown-element", `${path}.${key}`, `unknown statement element "${key}"`);
  }
  const effect = item.Effect;
  if (effect === undefined) err("missing-effect", `${path}.Effect`, "the statement has no Effect");
  else if (effect !== "Allow" && effect !== "Deny") {
    err("invalid-effect", `${path}.Effect`, `Effect must be "Allow" or "Deny", not ${json(effect)}`);
  }
  const actions = pair(item, "Action", "NotAction", path, err, true);
  for (const [i, action] of (actions?.values ?? []).entries()) {
    if (!ACTION_FORMAT.test(action)) {
      err("invalid-action", `${path}.${actions!.key}[${i}]`, `"${action}" is not of the form service:action`);
    }
  }
  const resources = pair(item, "Resource", "NotResource", path, err, kind === "identity");
  for (const [i, resource] of (resources?.values ?? []).entries()) {
    if (resource !== "*" && !resource.startsWith("arn:")) {
      err("invalid-resource", `${path}.${resources!.key}[${i}]`, `"${resource}" is neither "*" nor an ARN`);
    }
  }
  if (kind === "trust" && resources) {
    err("resource-in-trust-policy", `${path}.${resources.key}`, "a trust policy takes no Resource");
  }
  const principal = parsePrincipal(item, path, kind, err);
  const conditions = parseConditions(item.Condition, `${path}.Condition`, err);
  if (failures > 0 || !actions || (effect !== "Allow" && effect !== "Deny")) return undefined;
  return {
    index,
    ...(typeof item.Sid === "string" ? { sid: item.Sid } : {}),
    effect: effect as Effect,
    actions: actions.values,
    notAction: actions.key === "NotAction",
    ...(resources ? { resources: resources.values } : {}),
    notResource: resources?.key === "NotResource",
    ...(principal ? { principal: principal.spec } : {}),
    notPrincipal: principal?.not ?? false,
    conditions,
  };
}

function pair(
  item: Record<string, unknown>,
  positive: string,
  negative: string,
  path: string,
  err: (code: string, at: string, message: string) => void,
  required: boolean,
): { key: string; values: string[] } | undefined {
  const hasPositive = positive in item;
  const hasNegative = negative in item;
  if (hasPositive && hasNegative) {
    err(
      `both-${positive.toLowerCase()}-and-${negative.toLowerCase()}`,
      path,
      `a statement cannot have both ${positive} and ${negative}`,
    );
    return undefined;
  }
  if (!hasPositive && !hasNegative) {
    if (required)
      err(`missing-${positive.toLowerCase()}`, path, `the statement has no ${positive} or ${negative}`);
    return undefined;
  }
  const key = hasPositive ? positive : negative;
  const values = stringList(item[key]);
  if (!values) {
    err("invalid-type", `${path}.${key}`, `${key} must be a string or an array of strings`);
    return undefined;
  }
  if (values.length === 0) {
    err(`empty-${key.toLowerCase()}`, `${path}.${key}`, `${key} is empty`);
    return undefined;
  }
  return { key, values };
}

function parsePrincipal(
  item: Record<string, unknown>,
  path: string,
  kind: PolicyKind,
  err: (code: string, at: string, message: string) => void,
): { spec: PrincipalSpec; not: boolean } | undefined {
  const key = "Principal" in item ? "Principal" : "NotPrincipal" in item ? "NotPrincipal" : undefined;
  if ("Principal" in item && "NotPrincipal" in item) {
    err("both-principal-and-notprincipal", path, "a statement cannot have both Principal and NotPrincipal");
    return undefined;
  }
  if (!key) {
    if (kind === "trust" || kind === "resource")
      err("missing-principal", path, "the statement has no Principal");
    return undefined;
  }
  if (kind === "identity") {
    err("principal-in-identity-policy", `${path}.${key}`, `an identity policy takes no ${key}`);
    return undefined;
  }
  const value = item[key];
  if (value === "*") return { spec: { any: true, values: {} }, not: key === "NotPrincipal" };
  if (!isObject(value)) {
    err("invalid-principal", `${path}.${key}`, `${key} must be "*" or an object such as {"AWS": [...]}`);
    return undefined;
  }
  const values: Record<string, string[]> = {};
  for (const [type, list] of Object.entries(value)) {
    const strings = stringList(list);
    if (!strings)
      err("invalid-principal", `${path}.${key}.${type}`, `${key}.${type} must be a string or strings`);
    else values[type] = strings;
  }
  return { spec: { any: false, values }, not: key === "NotPrincipal" };
}

function parseConditions(
  value: unknown,
  path: string,
  err: (code: string, at: string, message: string) => void,
): ConditionClause[] {
  if (value === undefined) return [];
  if (!isObject(value)) {
    err("invalid-condition", path, "Condition must be an object of operators");
    return [];
  }
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(value)) {
    const parts = splitOperator(operator);
    if (!parts.known)
      err("unknown-condition-operator", `${path}.${operator}`, `unknown condition operator "${operator}"`);
    if (!isObject(block)) {
      err("invalid-condition", `${path}.${operator}`, `${operator} must map condition keys to values`);
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const values = scalarList(raw);
      if (!values) {
        err(
          "invalid-condition",
          `${path}.${operator}.${key}`,
          "condition values must be strings, numbers or booleans",
        );
        continue;
      }
      clauses.push({
        operator,
        base: parts.base,
        ...(parts.set ? { set: parts.set } : {}),
        ifExists: parts.ifExists,
        key,
        values,
      });
    }
  }
  return clauses;
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value as string[];
  return undefined;
}

function scalarList(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean"))
    return undefined;
  return list.map(String);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function json(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
