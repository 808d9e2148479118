import { decodePolicyDocument, PolicyDecodeError, policyDocumentText } from "./decode.js";
import { duplicateKeys } from "./duplicate-keys.js";
import { PolicyParseError } from "./errors.js";
import { problemOf } from "./lint/codes.js";
import { parseStatement } from "./parse-statement.js";
import { LONGEST_POLICY_DOCUMENT, LONGEST_POLICY_STRING, longestString } from "./string-bound.js";
import type { ParsedPolicy, Policy, PolicyKind, PolicyProblem, Statement, StatementDraft } from "./types.js";

const POLICY_KEYS = new Set(["Version", "Id", "Statement"]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);

export interface ParseOptions {
  /** Which elements are required; `auto` (default) treats a document with a Principal as a resource policy. */
  kind?: PolicyKind;
}

/**
 * Parses and normalizes a policy document given as an object, a JSON string or a URL-encoded JSON
 * string. Grammar problems are collected as data, every element of every statement checked;
 * statements with errors are left out of `policy.statements` (what evaluation uses), so callers
 * must check `problems` before trusting an evaluation; a trust policy's NotPrincipal, an error whose
 * meaning is plain, is the one kept in. `policy.drafts` keeps every statement as far
 * as it could be read, for lint. Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */
export function parsePolicy(input: unknown, options: ParseOptions = {}): ParsedPolicy {
  const problems: PolicyProblem[] = [];
  const problem = (p: PolicyProblem) => problems.push(p);
  let raw: unknown;
  try {
    raw = decodePolicyDocument(input);
  } catch (error) {
    if (!(error instanceof PolicyDecodeError)) throw error;
    problem(problemOf("malformed-json", "", error.message));
    return { problems };
  }
  if (!isObject(raw)) {
    problem(problemOf("not-an-object", "", "a policy must be a JSON object"));
    return { problems };
  }
  // Only text shows a key written twice: parsed, the last one alone is left.
  if (typeof input === "string") {
    for (const path of duplicateKeys(policyDocumentText(input))) {
      const index = /^Statement\[(\d+)\]/.exec(path);
      problem(
        problemOf(
          "duplicate-key",
          path,
          `${path} is written twice in one object: this reads the last one; which one IAM enforces is not documented`,
          index ? Number(index[1]) : undefined,
        ),
      );
    }
  }
  for (const key of Object.keys(raw)) {
    if (!POLICY_KEYS.has(key)) problem(problemOf("unknown-element", key, `unknown policy element "${key}"`));
  }
  const version = raw.Version;
  if (version === undefined) {
    problem(
      problemOf(
        "missing-version",
        "Version",
        'no Version: IAM assumes 2008-10-17, which does not support policy variables; use "2012-10-17"',
      ),
    );
  } else if (typeof version !== "string" || !VERSIONS.has(version)) {
    problem(problemOf("invalid-version", "Version", `invalid Version ${json(version)}`));
  }
  const rawStatements = raw.Statement;
  const list = Array.isArray(rawStatements) ? rawStatements : isObject(rawStatements) ? [rawStatements] : [];
  if (rawStatements === undefined || (Array.isArray(rawStatements) && list.length === 0)) {
    problem(problemOf("missing-statement", "Statement", "the policy has no Statement"));
  } else if (!Array.isArray(rawStatements) && !isObject(rawStatements)) {
    // `null`, a string or a number is the element itself gone wrong, not a first statement.
    problem(
      problemOf(
        "invalid-statement",
        "Statement",
        `Statement must be a statement object or a list of them, not ${json(rawStatements)}`,
      ),
    );
  }
  const size = sizeWithoutWhitespace(JSON.stringify(raw));
  if (size > LONGEST_POLICY_DOCUMENT) {
    const message = `${size} characters (whitespace excluded), more than any policy AWS stores (${LONGEST_POLICY_DOCUMENT}): the document is not read`;
    problem(problemOf("document-too-long", "", message));
    return { problems };
  }
  const kind = options.kind && options.kind !== "auto" ? options.kind : inferKind(list);
  const statements: Statement[] = [];
  const drafts: StatementDraft[] = [];
  list.forEach((item, index) => {
    const path = Array.isArray(rawStatements) ? `Statement[${index}]` : "Statement";
    const longest = longestString(item);
    if (longest > LONGEST_POLICY_STRING) {
      const message = `a string of ${longest} characters, more than any policy AWS accepts (${LONGEST_POLICY_STRING}): the statement is not read`;
      problem(problemOf("string-too-long", path, message, index));
      return;
    }
    const { draft, statement } = parseStatement(item, index, path, kind, problem);
    const literal = version !== "2012-10-17";
    if (draft) drafts.push(literal ? literalVariables(draft) : draft);
    if (statement) statements.push(literal ? literalVariables(statement) : statement);
  });
  const policy: Policy = {
    ...(typeof version === "string" ? { version } : {}),
    ...(typeof raw.Id === "string" ? { id: raw.Id } : {}),
    statements,
    drafts,
    size,
    raw,
  };
  return { policy, problems };
}

/** IAM's policy size: characters but whitespace, which JSON text holds only inside strings, rarely. */
function sizeWithoutWhitespace(text: string): number {
  return /\s/.test(text) ? text.replace(/\s/g, "").length : text.length;
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
function literalVariables<T extends StatementDraft>(statement: T): T {
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

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function json(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
