import { splitOperator } from "./condition-operators.js";
import { type LintCode, problemOf } from "./lint/codes.js";
import { isObject, json } from "./parse.js";
import type {
  ConditionClause,
  Effect,
  PolicyKind,
  PolicyProblem,
  PrincipalSpec,
  Statement,
  StatementDraft,
} from "./types.js";

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
const ACTION_FORMAT = /^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]*)$/;

/** `service:action` (wildcards allowed) or `*`: what IAM accepts in Action. */
export function isActionFormat(action: string): boolean {
  return ACTION_FORMAT.test(action);
}

type Err = (code: LintCode, at: string, message: string) => void;

/**
 * Reads one statement element by element: every element is checked even after another failed, so
 * one pass reports every grammar problem. The draft keeps what could be read; the statement exists
 * only when nothing failed.
 */
export function parseStatement(
  item: unknown,
  index: number,
  path: string,
  kind: PolicyKind,
  problem: (p: PolicyProblem) => void,
): { draft?: StatementDraft; statement?: Statement } {
  let failures = 0;
  const err: Err = (code, at, message) => {
    failures++;
    problem(problemOf(code, at, message, index));
  };
  /** A problem that leaves the statement's meaning plain: reported, and the statement still evaluated. */
  const flag: Err = (code, at, message) => problem(problemOf(code, at, message, index));
  if (!isObject(item)) {
    err("invalid-statement", path, "a statement must be a JSON object");
    return {};
  }
  for (const key of Object.keys(item)) {
    if (!STATEMENT_KEYS.has(key))
      err("unknown-element", `${path}.${key}`, `unknown statement element "${key}"`);
  }
  const rawEffect = item.Effect;
  if (rawEffect === undefined) err("missing-effect", `${path}.Effect`, "the statement has no Effect");
  else if (rawEffect !== "Allow" && rawEffect !== "Deny") {
    err("invalid-effect", `${path}.Effect`, `Effect must be "Allow" or "Deny", not ${json(rawEffect)}`);
  }
  const effect = rawEffect === "Allow" || rawEffect === "Deny" ? (rawEffect as Effect) : undefined;
  const actions = pair(item, "Action", "NotAction", path, err, true);
  // Indexed loops: a generated policy's statements list hundreds of actions and resources.
  const actionList = actions?.values ?? [];
  for (let i = 0; i < actionList.length; i++) {
    const action = actionList[i]!;
    if (!isActionFormat(action)) {
      err("invalid-action", `${path}.${actions!.key}[${i}]`, `"${action}" is not of the form service:action`);
    }
  }
  const resources =
    kind === "scp" && !("Resource" in item) && !("NotResource" in item)
      ? scpWithoutResource(effect, path, err, flag)
      : pair(item, "Resource", "NotResource", path, err, kind === "identity" || kind === "scp");
  let resourcesValid = true;
  const resourceList = resources?.values ?? [];
  for (let i = 0; i < resourceList.length; i++) {
    const resource = resourceList[i]!;
    if (resource !== "*" && !resource.startsWith("arn:")) {
      resourcesValid = false;
      err("invalid-resource", `${path}.${resources!.key}[${i}]`, `"${resource}" is neither "*" nor an ARN`);
    }
  }
  if (kind === "trust" && resources) {
    err("resource-in-trust-policy", `${path}.${resources.key}`, "a trust policy takes no Resource");
  }
  const principal = parsePrincipal(item, path, kind, err, flag);
  const conditions = parseConditions(item.Condition, `${path}.Condition`, err);
  const draft: StatementDraft = {
    index,
    ...(typeof item.Sid === "string" ? { sid: item.Sid } : {}),
    ...(effect ? { effect } : {}),
    actions: actions?.values ?? [],
    notAction: actions?.key === "NotAction",
    // A list with a non-ARN entry says too little about what is meant to judge its ARNs.
    ...(resources && resourcesValid ? { resources: resources.values } : {}),
    notResource: resources?.key === "NotResource",
    ...(principal ? { principal: principal.spec } : {}),
    notPrincipal: principal?.not ?? false,
    conditions,
  };
  if (failures > 0 || !actions || !effect) return { draft };
  return { draft, statement: { ...draft, ...(resources ? { resources: resources.values } : {}), effect } };
}

/**
 * An SCP statement without Resource or NotResource: whether Organizations accepts one, and on which
 * resources it would apply, no AWS page says. It is read as the widest an Allow and the narrowest a
 * Deny could mean, so that neither hides a path: the Allow as every resource, the Deny left out.
 * Both are reported.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
 */
function scpWithoutResource(
  effect: Effect | undefined,
  path: string,
  err: Err,
  flag: Err,
): { key: string; values: string[] } | undefined {
  const unsettled = "whether AWS applies an SCP statement without Resource, and where, is not documented";
  if (effect === "Allow") {
    flag("missing-resource", path, `the statement has no Resource: read as every resource (${unsettled})`);
    return { key: "Resource", values: ["*"] };
  }
  err("missing-resource", path, `the statement has no Resource: its Deny is left out (${unsettled})`);
  return undefined;
}

function pair(
  item: Record<string, unknown>,
  positive: "Action" | "Resource",
  negative: "NotAction" | "NotResource",
  path: string,
  err: Err,
  required: boolean,
): { key: string; values: string[] } | undefined {
  const hasPositive = positive in item;
  const hasNegative = negative in item;
  if (hasPositive && hasNegative) {
    const code = positive === "Action" ? "both-action-and-notaction" : "both-resource-and-notresource";
    err(code, path, `a statement cannot have both ${positive} and ${negative}`);
    return undefined;
  }
  if (!hasPositive && !hasNegative) {
    if (required) {
      const code = positive === "Action" ? "missing-action" : "missing-resource";
      err(code, path, `the statement has no ${positive} or ${negative}`);
    }
    return undefined;
  }
  const key = hasPositive ? positive : negative;
  const values = stringList(item[key]);
  if (!values) {
    err("invalid-type", `${path}.${key}`, `${key} must be a string or an array of strings`);
    return undefined;
  }
  if (values.length === 0) {
    const code = (
      { Action: "empty-action", NotAction: "empty-notaction", Resource: "empty-resource" } as const
    )[key as "Action"];
    err(code ?? "empty-notresource", `${path}.${key}`, `${key} is empty: the statement matches nothing`);
    return undefined;
  }
  return { key, values };
}

function parsePrincipal(
  item: Record<string, unknown>,
  path: string,
  kind: PolicyKind,
  err: Err,
  flag: Err,
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
  if (kind === "identity" || kind === "scp") {
    const code = kind === "scp" ? "principal-in-scp" : "principal-in-identity-policy";
    err(
      code,
      `${path}.${key}`,
      `${kind === "scp" ? "a service control" : "an identity"} policy takes no ${key}`,
    );
    return undefined;
  }
  // IAM refuses it now, but a trust policy holding one still means what AWS documented: an Allow
  // lets in everyone the element does not name (anonymous callers too), so it is evaluated, not dropped.
  // https://github.com/awsdocs/iam-user-guide/blob/614c30d1d9ac171ed8d245f126a71db083b250fc/doc_source/reference_policies_elements_notprincipal.md
  if (kind === "trust" && key === "NotPrincipal") {
    flag("not-principal-in-trust-policy", `${path}.${key}`, "a role trust policy takes no NotPrincipal");
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

function parseConditions(value: unknown, path: string, err: Err): ConditionClause[] {
  if (value === undefined) return [];
  if (!isObject(value)) {
    err("invalid-condition", path, "Condition must be an object of operators");
    return [];
  }
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(value)) {
    const parts = splitOperator(operator);
    if (!parts.known)
      err(unknownOperatorCode(parts), `${path}.${operator}`, operatorMessage(operator, parts));
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

type Parts = ReturnType<typeof splitOperator>;

function unknownOperatorCode(parts: Parts): LintCode {
  if (parts.base !== "Null") return "unknown-condition-operator";
  return parts.set ? "null-with-qualifier" : "null-if-exists";
}

/**
 * AWS says Null with a set qualifier always gives one answer; what that answer is for an absent key
 * is not documented well enough to evaluate, so the statement is treated as unreadable (an error).
 */
function operatorMessage(operator: string, parts: Parts): string {
  if (parts.base !== "Null") return `unknown condition operator "${operator}"`;
  return parts.set
    ? `${parts.set} with Null is not meaningful: Null already tests whether the key is present`
    : "Null cannot take the IfExists suffix: Null already tests whether the key is present";
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
