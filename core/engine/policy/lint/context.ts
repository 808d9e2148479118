import type { ActionSet } from "../../catalog/action-set.js";
import type { Catalog } from "../../catalog/catalog.js";
import type { ActionInfo } from "../../catalog/types.js";
import { expandActionList, expandActionPattern } from "../expand.js";
import { isObject } from "../parse.js";
import type { Policy, PolicyKind, PolicyProblem, ProblemSeverity, Statement } from "../types.js";
import { LINT_CODES, type LintCode } from "./codes.js";

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
  /** Only when the severity depends on the document (e.g. Sid rules differ for resource policies). */
  severity?: ProblemSeverity;
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

  constructor(catalog: Catalog, policy: Policy, options: LintOptions) {
    this.catalog = catalog;
    this.policy = policy;
    this.options = options;
    this.kind = options.kind && options.kind !== "auto" ? options.kind : inferKind(policy.raw);
  }

  get statements(): readonly Statement[] {
    return this.policy.statements;
  }

  report(issue: LintIssue): void {
    const entry = LINT_CODES[issue.code];
    if (!entry) throw new Error(`unknown lint code "${issue.code}"`);
    this.problems.push({
      code: issue.code,
      severity: issue.severity ?? entry.severity,
      ...(issue.statementIndex !== undefined ? { statementIndex: issue.statementIndex } : {}),
      path: issue.path,
      message: issue.message,
    });
  }

  /** `Statement[i]`, or `Statement` when the document holds a single statement object. */
  statementPath(index: number): string {
    return isObject(this.policy.raw) && Array.isArray(this.policy.raw.Statement)
      ? `Statement[${index}]`
      : "Statement";
  }

  /** Path of one entry of an element that may be written as a string or an array. */
  entryPath(statement: Statement, element: string, entry: number): string {
    return `${this.statementPath(statement.index)}.${element}[${entry}]`;
  }

  /** Catalog actions one Action pattern names (read-only, cached per catalog). */
  expand(pattern: string): ActionSet {
    return expandActionPattern(this.catalog, pattern);
  }

  /** Catalog actions the statement covers: its Action list, or the complement of its NotAction list. */
  coveredActions(statement: Statement): ActionSet {
    return expandActionList(this.catalog, statement.actions, statement.notAction);
  }

  actionsOf(set: ActionSet): ActionInfo[] {
    return [...set.ids()].map((id) => this.catalog.actions[id]!);
  }
}

/** A pattern made only of `*`: it names everything. */
export function isStar(pattern: string): boolean {
  return /^\*+$/.test(pattern);
}

export function actionElement(statement: Statement): "Action" | "NotAction" {
  return statement.notAction ? "NotAction" : "Action";
}

export function resourceElement(statement: Statement): "Resource" | "NotResource" {
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
