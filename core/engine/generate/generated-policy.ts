import { splitOperator } from "../policy/condition-operators.js";
import { isActionFormat } from "../policy/parse-statement.js";
import type { ConditionClause, Policy, Statement } from "../policy/types.js";
import type { PolicyDocument } from "./types.js";

const STATEMENT_KEYS = new Set([
  "Sid",
  "Effect",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
]);

const isPlain = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;

function isNonEmptyStrings(value: unknown): value is string[] {
  if (!Array.isArray(value) || value.length === 0) return false;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== "string") return false;
  return true;
}

/**
 * A document the generator packed, as `parsePolicy` reads its JSON text, built from the typed
 * statements instead of reading them back: the proofs run on every generated document. `size` is
 * the document's size as packing counted it. Undefined for anything outside that shape or that the
 * parser would report a problem about; the caller parses those. A differential test holds this
 * equal to the parse of the emitted text.
 */
export function generatedPolicy(document: PolicyDocument, size: number): Policy | undefined {
  if (!isPlain(document) || Object.keys(document).length !== 2 || document.Version !== "2012-10-17")
    return undefined;
  const list: unknown = document.Statement;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const statements: Statement[] = [];
  const drafts: Statement[] = [];
  for (let index = 0; index < list.length; index++) {
    const s: unknown = list[index];
    if (!isPlain(s)) return undefined;
    // A plain object's own keys, without listing them: its prototype has no enumerable ones.
    for (const key in s) if (!STATEMENT_KEYS.has(key) || s[key] === undefined) return undefined;
    const { Sid, Effect, Action, NotAction, Resource, NotResource } = s;
    if (Sid !== undefined && typeof Sid !== "string") return undefined;
    if (Effect !== "Allow" && Effect !== "Deny") return undefined;
    // A carried NotAction Deny is written as it is.
    const actions = Action ?? NotAction;
    if ((Action === undefined) === (NotAction === undefined) || !isNonEmptyStrings(actions)) return undefined;
    for (let a = 0; a < actions.length; a++) if (!isActionFormat(actions[a]!)) return undefined;
    const resources = Resource ?? NotResource;
    if ((Resource === undefined) === (NotResource === undefined) || !isNonEmptyStrings(resources))
      return undefined;
    for (let r = 0; r < resources.length; r++)
      if (resources[r] !== "*" && !resources[r]!.startsWith("arn:")) return undefined;
    const conditions = s.Condition === undefined ? [] : clauses(s.Condition);
    if (!conditions) return undefined;
    // The parser's key order, so that nothing reading these objects can tell them apart.
    const draft: Statement = {
      index,
      ...(Sid !== undefined ? { sid: Sid } : {}),
      effect: Effect,
      actions,
      notAction: NotAction !== undefined,
      resources,
      notResource: NotResource !== undefined,
      notPrincipal: false,
      conditions,
    };
    // The parser's draft and statement of such a statement are equal: one object stands for both,
    // as every generated statement's would otherwise be kept twice with its document.
    drafts.push(draft);
    statements.push(draft);
  }
  return { version: "2012-10-17", statements, drafts, size, raw: document };
}

/** A Condition element of known operators over string lists, as clauses; undefined for anything else. */
function clauses(condition: unknown): ConditionClause[] | undefined {
  if (!isPlain(condition)) return undefined;
  const out: ConditionClause[] = [];
  for (const operator of Object.keys(condition)) {
    const parts = splitOperator(operator);
    const block = condition[operator];
    if (!parts.known || !isPlain(block)) return undefined;
    for (const key of Object.keys(block)) {
      const values = block[key];
      if (!Array.isArray(values) || !values.every((v) => typeof v === "string")) return undefined;
      out.push({
        operator,
        base: parts.base,
        ...(parts.set ? { set: parts.set } : {}),
        ifExists: parts.ifExists,
        key,
        values: values.map(String),
      });
    }
  }
  return out;
}
