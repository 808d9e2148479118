import type { ActionSet } from "../../catalog/action-set.js";
import type { Catalog } from "../../catalog/catalog.js";
import type { ActionInfo } from "../../catalog/types.js";
import { expandActionList, expandActionPattern } from "../expand.js";
import { isObject } from "../parse.js";
import type { ConditionClause, Policy, PolicyKind, PolicyProblem, StatementDraft } from "../types.js";
import { type LintCode, problemOf } from "./codes.js";

export interface LintOptions {
  /** Which kind of document this is; `auto` (default) treats a document with a Principal as a resource policy. */
  kind?: PolicyKind;
  /** Size quota in characters excluding whitespace; defaults by kind (see SIZE_LIMITS). */
  maxSize?: number;
}

export interface LintIssue {
  code: LintCode;
  statementIndex?: number;
  path: string;
  message: string;
}

/** One lint check: a concept, reported through the context. */
export interface LintCheck {
  name: string;
  check(ctx: LintContext): void;
}

/** What every check reads: the parsed policy, the catalog, and the resolved document kind. */
export class LintContext {
  readonly catalog: Catalog;
  readonly policy: Policy;
  readonly kind: Exclude<PolicyKind, "auto">;
  readonly options: LintOptions;
  readonly problems: PolicyProblem[] = [];
  private readonly covered = new Map<StatementDraft, ActionSet>();

  constructor(catalog: Catalog, policy: Policy, options: LintOptions) {
    this.catalog = catalog;
    this.policy = policy;
    this.options = options;
    this.kind = options.kind && options.kind !== "auto" ? options.kind : inferKind(policy.raw);
  }

  /** Every statement as far as it could be read: a grammar error in one element hides no other problem. */
  get statements(): readonly StatementDraft[] {
    return this.policy.drafts;
  }

  /** The statement object as written (before normalization), for checks on raw JSON types. */
  rawStatement(index: number): Record<string, unknown> | undefined {
    const raw = this.policy.raw;
    if (!isObject(raw)) return undefined;
    const item = Array.isArray(raw.Statement)
      ? raw.Statement[index]
      : index === 0
        ? raw.Statement
        : undefined;
    return isObject(item) ? item : undefined;
  }

  report(issue: LintIssue): void {
    this.problems.push(problemOf(issue.code, issue.path, issue.message, issue.statementIndex));
  }

  /** `Statement[i]`, or `Statement` when the document holds a single statement object. */
  statementPath(index: number): string {
    return isObject(this.policy.raw) && Array.isArray(this.policy.raw.Statement)
      ? `Statement[${index}]`
      : "Statement";
  }

  /** Path of one entry of an element that may be written as a string or an array. */
  entryPath(statement: StatementDraft, element: string, entry: number): string {
    return `${this.statementPath(statement.index)}.${element}[${entry}]`;
  }

  /** Path of one condition key: `Statement[i].Condition.Operator.key`. */
  conditionPath(statement: StatementDraft, clause: ConditionClause): string {
    return `${this.statementPath(statement.index)}.Condition.${clause.operator}.${clause.key}`;
  }

  /** Catalog actions one Action pattern names (read-only, cached per catalog). */
  expand(pattern: string): ActionSet {
    return expandActionPattern(this.catalog, pattern);
  }

  /**
   * Catalog actions the statement covers: its Action list, or the complement of its NotAction list.
   * Computed once per statement (several checks ask); read-only.
   */
  coveredActions(statement: StatementDraft): ActionSet {
    let set = this.covered.get(statement);
    if (!set) {
      set = expandActionList(this.catalog, statement.actions, statement.notAction);
      this.covered.set(statement, set);
    }
    return set;
  }

  /** The set's actions, listed once per set (pattern expansions are shared across documents). */
  actionsOf(set: ActionSet): readonly ActionInfo[] {
    let list = listed.get(set);
    if (!list) {
      list = set.idList().map((id) => this.catalog.actions[id]!);
      listed.set(set, list);
    }
    return list;
  }
}

const listed = new WeakMap<ActionSet, readonly ActionInfo[]>();

/** A pattern made only of `*`: it names everything. */
export function isStar(pattern: string): boolean {
  return /^\*+$/.test(pattern);
}

export function actionElement(statement: StatementDraft): "Action" | "NotAction" {
  return statement.notAction ? "NotAction" : "Action";
}

export function resourceElement(statement: StatementDraft): "Resource" | "NotResource" {
  return statement.notResource ? "NotResource" : "Resource";
}

/** Same rule as the parser: any Principal or NotPrincipal makes a resource policy. */
function inferKind(raw: unknown): Exclude<PolicyKind, "auto"> {
  if (!isObject(raw)) return "identity";
  const list = Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement];
  return list.some((s) => isObject(s) && ("Principal" in s || "NotPrincipal" in s)) ? "resource" : "identity";
}

/** Lists the first few names and how many more there are, so messages stay one line. */
export function sample(names: readonly string[], max = 3): string {
  const head = names.slice(0, max).join(", ");
  return names.length > max ? `${head} and ${names.length - max} more` : head;
}
