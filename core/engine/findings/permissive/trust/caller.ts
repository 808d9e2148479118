import { evaluateClause } from "../../../policy/conditions.js";
import {
  allOf,
  anyOf,
  makeContext,
  policyVariables,
  type RequestContext,
  substituteVariables,
  type Tri,
} from "../../../policy/context.js";
import { globMatch } from "../../../policy/glob.js";
import { GAVE_UP, globsWitnessSearched } from "../../../policy/glob-witness.js";
import type { ConditionClause } from "../../../policy/types.js";

/**
 * A key whose value the caller picks: any value `allowed` matches and `except` does not, any of
 * `alternatives`, or none at all when `omit`.
 */
export interface Choice {
  allowed: string;
  fallback: string;
  alternatives?: readonly string[];
  omit?: boolean;
  except?: RegExp;
  /**
   * What a value the caller may present looks like, as a pattern and the test a value of it must
   * pass: only such values are tried, and a value of the policy with a wildcard (`*:role/deploy`)
   * is tried as the shortest of them it matches, the caller naming its own role or user to fit.
   */
  shapes?: readonly { pattern: string; holds: RegExp }[];
}

/**
 * A symbolic caller of sts:AssumeRole*: who it is to a Principal element, and the request context
 * it brings. Keys neither known, chosen nor unknown are absent from the request, as they are from
 * a direct AssumeRole call (aws:SourceAccount and aws:SourceArn are only set when a service calls
 * on a resource's behalf): IAM then applies its rules for missing keys (IfExists and negated
 * operators hold, ForAnyValue does not, Null tests absence).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
export interface Caller {
  /** Who the caller is, in a few words, for findings. */
  label: string;
  action: "sts:AssumeRole" | "sts:AssumeRoleWithWebIdentity" | "sts:AssumeRoleWithSAML";
  names(type: string, value: string): boolean;
  known: Readonly<Record<string, readonly string[]>>;
  /** Keys (lower case; a trailing `*` covers a family such as aws:principaltag/*) the caller sets. */
  chosen: Readonly<Record<string, Choice>>;
  /** Keys whose value the snapshot cannot know (the network a call comes from). */
  unknown: readonly string[];
}

/**
 * What callerRequests reads of a caller: the keys it knows, those it chooses and those nobody can
 * know. A caller of any action has them, not only one of sts:AssumeRole*.
 */
export type Requester = Pick<Caller, "known" | "chosen" | "unknown">;

/** Stands for what an outsider names itself, so that values it cannot take are told apart. */
export const OUTSIDER = "whittleoutsider";

/** Candidate values per chosen key, combined at most this many ways (real conditions use one or two keys). */
const MAX_COMBINATIONS = 256;
const ABSENT = Symbol("absent");

/**
 * A value of the policy the caller may or may not be able to present: the search for one of its
 * shapes that the value matches gave up (glob-witness.ts). It stands in the request as its plain
 * filling, and the clauses on its key are "maybe" there, neither met nor missed.
 */
interface StandIn {
  standIn: string;
}
type Candidate = string | typeof ABSENT | StandIn;

/** The keys a request of callerRequests holds a stand-in for. */
const unsureKeys = new WeakMap<RequestContext, ReadonlySet<string>>();

/**
 * The Condition block for this caller: true when some request the caller can make satisfies it
 * (what an Allow needs), or, `over` "every-request", when the caller cannot avoid it (what makes a
 * Deny certain: the caller picks the values that keep it out).
 * Each key the caller chooses is tried with the values the block itself names (wildcards filled
 * with the caller's own names) that the caller can take, with its fallback, and left out.
 */
export function callerConditions(
  caller: Caller,
  clauses: readonly ConditionClause[],
  over: "some-request" | "every-request" = "some-request",
): Tri {
  if (clauses.length === 0) return "yes";
  const results: Tri[] = [];
  for (const context of callerRequests(caller, clauses)) {
    const all = conditionsIn(caller, clauses, context);
    if (over === "some-request" && all === "yes") return "yes";
    if (over === "every-request" && all === "no") return "no";
    results.push(all);
  }
  return over === "some-request" ? anyOf(results) : allOf(results);
}

/**
 * The requests the caller can make, as far as `clauses` tell them apart: each key it chooses is
 * tried with the values the clauses name (wildcards filled with the caller's own names) that the
 * caller can take, with its fallback, and left out. A value spelled with policy variables is the
 * caller's to meet once they are read as its own request has them (a session named
 * `${aws:username}`, an external id of `${aws:PrincipalAccount}`): keys the caller chooses that
 * such values name are tried too, and come first. Clauses of several statements taken together
 * give requests that each statement then judges alike: one request must pass an Allow and escape
 * a Deny at once.
 */
export function* callerRequests(
  caller: Requester,
  clauses: readonly ConditionClause[],
): Generator<RequestContext> {
  const named = new Map<string, string[]>();
  for (const clause of clauses) {
    const key = clause.key.toLowerCase();
    named.set(key, [...(named.get(key) ?? []), ...clause.values]);
  }
  const referenced = [...named.values()].flat().flatMap(policyVariables);
  const keys = [...new Set([...referenced, ...named.keys()])];
  const choices: KeyChoice[] = [];
  for (const key of keys) {
    if (caller.known[key] || isUnknown(caller, key)) continue;
    const choice = choiceFor(caller, key);
    if (!choice) continue;
    const values = named.get(key) ?? [];
    const fixed = values.filter((v) => policyVariables(v).length === 0);
    const extra: Candidate[] = [choice.fallback, ...(choice.alternatives ?? [])];
    if (choice.omit) extra.push(ABSENT);
    choices.push({
      key,
      choice,
      fixed: [...new Set([...candidates(fixed, caller, choice), ...extra])],
      variable: values.filter((v) => policyVariables(v).length > 0),
    });
  }
  // Values the caller's own names fill are read once the keys they name are picked.
  choices.sort((a, b) => Number(a.variable.length > 0) - Number(b.variable.length > 0));
  for (const picked of combinations(caller, choices)) {
    const context = makeContext(requestValues(caller, picked), true);
    const unsure = picked.filter(([, value]) => isStandIn(value)).map(([key]) => key);
    if (unsure.length > 0) unsureKeys.set(context, new Set(unsure));
    yield context;
  }
}

const isStandIn = (value: Candidate): value is StandIn => typeof value === "object";

interface KeyChoice {
  key: string;
  choice: Choice;
  /** Values to try whatever else the request holds. */
  fixed: Candidate[];
  /** Values naming policy variables, tried as the rest of the request fills them. */
  variable: string[];
}

function requestValues(
  caller: Requester,
  picked: readonly [string, Candidate][],
): Record<string, readonly string[]> {
  const values: Record<string, readonly string[]> = { ...caller.known };
  for (const [key, value] of picked)
    if (value !== ABSENT) values[key] = [isStandIn(value) ? value.standIn : value];
  return values;
}

/**
 * The values of `values` the caller can take, made concrete as it would meet them, and stand-ins
 * for those it may or may not take.
 */
function candidates(values: readonly string[], caller: Requester, choice: Choice): (string | StandIn)[] {
  const out: (string | StandIn)[] = [];
  for (const value of values) {
    const { filled, unsure } = fillings(value, caller, choice);
    const taken = filled.filter(
      (v) =>
        globMatch(choice.allowed, v, true) &&
        !choice.except?.test(v) &&
        (!choice.shapes || choice.shapes.some((shape) => shape.holds.test(v))),
    );
    out.push(...taken);
    if (unsure && taken.length === 0) out.push({ standIn: filled[0]! });
  }
  return out;
}

/**
 * A Condition block in one of the caller's requests: keys the snapshot cannot know, or that hold a
 * stand-in, make it "maybe".
 */
export function conditionsIn(
  caller: Caller,
  clauses: readonly ConditionClause[],
  context: RequestContext,
): Tri {
  const unsure = unsureKeys.get(context);
  const outcome: Tri[] = clauses.map((clause) => {
    const key = clause.key.toLowerCase();
    return isUnknown(caller, key) || unsure?.has(key) ? "maybe" : evaluateClause(clause, context);
  });
  return outcome.includes("no") ? "no" : outcome.includes("maybe") ? "maybe" : "yes";
}

/** Unknown keys; one ending in `/` stands for its whole family (aws:principaltag/). */
function isUnknown(caller: Requester, key: string): boolean {
  return caller.unknown.some((u) => (u.endsWith("/") ? key.startsWith(u) : u === key));
}

function choiceFor(caller: Requester, key: string): Choice | undefined {
  const exact = caller.chosen[key];
  if (exact) return exact;
  for (const [pattern, choice] of Object.entries(caller.chosen)) {
    if (pattern.endsWith("*") && key.startsWith(pattern.slice(0, -1))) return choice;
  }
  return undefined;
}

/**
 * A value made concrete as the caller would meet it. One that opens with a wildcard is also tried
 * behind the fixed head of what the caller may present: `*acme/app:*` stands for the caller's own
 * `repo:outsideracme/app:...`, which the plain filling (`outsideracme/app:...`) is not.
 * `unsure` where the search for a value of one of the caller's shapes that the value matches gave
 * up: one may exist that no filling found.
 */
function fillings(value: string, caller: Requester, choice: Choice): { filled: string[]; unsure: boolean } {
  const filled = fill(pinned(value, choice.allowed), caller);
  const head = /^[*?]/.test(value) ? choice.allowed.split(/[*?]/)[0]! : "";
  const out = head ? [filled, head + filled] : [filled];
  if (value.includes("${") || !/[*?]/.test(value)) return { filled: out, unsure: false };
  // The shortest value may spell a `?` of the name with a character no name holds (`role/ci-:`
  // for `*:role/ci-?`): it is also tried as a letter.
  const lettered = value.replace(/\?(?=[^/]*$)/g, "x");
  let unsure = false;
  for (const shape of choice.shapes ?? []) {
    for (const pattern of new Set([value, lettered])) {
      const named = globsWitnessSearched([shape.pattern, pattern]);
      if (named === GAVE_UP) unsure = true;
      else if (named !== undefined) out.push(named);
    }
  }
  return { filled: out, unsure };
}

/**
 * A wildcard value made concrete with the caller's own names: its account in an ARN's account
 * field that matches it (`*`, or a family of accounts such as `1111*`). IAM's escapes (`${*}`)
 * stand for their characters.
 */
function fill(value: string, caller: Requester): string {
  const account = caller.known["aws:principalaccount"]?.[0];
  const parts = value.split(":");
  if (
    parts[0] === "arn" &&
    parts.length >= 6 &&
    account &&
    /[*?]/.test(parts[4]!) &&
    globMatch(parts[4]!, account)
  )
    parts[4] = account;
  return parts
    .join(":")
    .replace(
      /\$\{([*?$])\}|[*?]/g,
      (wildcard, literal?: string) => literal ?? (wildcard === "*" ? OUTSIDER : "x"),
    );
}

/**
 * The keys' values taken together, at most MAX_COMBINATIONS of them, then, if more were left, one
 * standing for them all (each key a stand-in). A value with policy variables
 * is read against the caller's known keys and those picked before it; one naming a key the request
 * lacks, with no default, is left out (the clause's evaluation cannot read it either: "maybe").
 */
function* combinations(caller: Requester, choices: readonly KeyChoice[]): Generator<[string, Candidate][]> {
  let count = 0;
  let cut = false;
  const walk = function* (i: number, acc: [string, Candidate][]): Generator<typeof acc> {
    if (count >= MAX_COMBINATIONS) {
      cut = true;
      return;
    }
    if (i === choices.length) {
      count++;
      yield acc;
      return;
    }
    const { key, choice, fixed, variable } = choices[i]!;
    let values = fixed;
    if (variable.length > 0) {
      const context = makeContext(requestValues(caller, acc), true);
      const resolved = variable.flatMap((v) => substituteVariables(v, context) ?? []);
      values = [...new Set([...candidates(resolved, caller, choice), ...fixed])];
    }
    for (const value of values) yield* walk(i + 1, [...acc, [key, value]]);
  };
  yield* walk(0, []);
  // The requests left untried stand as one whose chosen keys are unknown: what they would meet is "maybe".
  if (cut) yield choices.map(({ key, choice }) => [key, { standIn: choice.fallback }]);
}

/**
 * An ARN value whose partition, service or region is a wildcard (`arn:*:iam::*:role/deployer`)
 * given the segment every ARN the caller may present holds there (`allowed`: its partition, IAM,
 * IAM's empty region), which the wildcard matches: filled with OUTSIDER it would name no principal
 * at all.
 */
function pinned(value: string, allowed: string): string {
  if (!value.startsWith("arn:") || !allowed.startsWith("arn:")) return value;
  const parts = value.split(":");
  const own = allowed.split(":");
  for (const i of [1, 2, 3]) {
    const have = parts[i];
    const want = own[i];
    if (have === undefined || want === undefined || /[*?]/.test(want) || !/[*?]/.test(have)) continue;
    if (globMatch(have, want)) parts[i] = want;
  }
  return parts.join(":");
}
