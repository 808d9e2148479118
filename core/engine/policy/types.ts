import type { LintGraded } from "./lint/codes.js";

export type Effect = "Allow" | "Deny";

/**
 * What kind of document a policy is: it decides which elements are required or forbidden. `scp` is
 * an AWS Organizations service control policy (identity grammar, no Principal, its own size quota).
 */
export type PolicyKind = "identity" | "resource" | "trust" | "scp" | "auto";

export type { ProblemSeverity } from "./lint/codes.js";

/**
 * A problem found in a policy, as data: the renderer owns the wording shown to people; its severity
 * comes from the lint code table (`LintGraded`).
 */
export interface PolicyProblem extends LintGraded {
  code: string;
  /** Index into the Statement array (0 for a single Statement object); absent for document-level problems. */
  statementIndex?: number;
  /** JSON-path-like location, e.g. `Statement[1].Action[0]`. */
  path: string;
  message: string;
}

/** `"*"` (any principal) or a map such as `{ AWS: [...], Service: [...], Federated: [...] }`. */
export interface PrincipalSpec {
  any: boolean;
  values: Record<string, string[]>;
}

/** One key test inside a Condition block, e.g. `ForAnyValue:StringLikeIfExists` on `aws:TagKeys`. */
export interface ConditionClause {
  /** The operator as written. */
  operator: string;
  /** The operator without set qualifier or IfExists, e.g. `StringLike`. */
  base: string;
  set?: "ForAllValues" | "ForAnyValue";
  ifExists: boolean;
  key: string;
  values: string[];
}

export interface Statement {
  index: number;
  sid?: string;
  effect: Effect;
  /** Action patterns; with `notAction` they name what the statement does NOT cover. */
  actions: string[];
  notAction: boolean;
  /** Resource patterns; undefined when the element is absent (trust policies). */
  resources?: string[];
  notResource: boolean;
  principal?: PrincipalSpec;
  notPrincipal: boolean;
  conditions: ConditionClause[];
}

/**
 * A statement as far as it could be read: an element with an error is left out (Effect undefined,
 * Action empty, ...) and the rest kept, so lint can report every problem of every statement.
 * Never evaluated: only `Policy.statements` are.
 */
export interface StatementDraft extends Omit<Statement, "effect"> {
  effect?: Effect;
}

export interface Policy {
  version?: string;
  id?: string;
  /** Statements without grammar problems: the ones evaluation uses. */
  statements: Statement[];
  /** Every statement object, recovered element by element: the ones lint checks. */
  drafts: StatementDraft[];
  /** Characters excluding whitespace: what IAM counts against its size quotas. */
  size: number;
  /** The decoded JSON, kept for rendering and for checks on the raw grammar. */
  raw: unknown;
}

export interface ParsedPolicy {
  /** Undefined only when the input is not a JSON object at all. */
  policy?: Policy;
  problems: PolicyProblem[];
}
