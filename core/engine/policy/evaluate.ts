import type { ActionInfo } from "../catalog/types.js";
import type { CompiledStatement, Layer } from "./compile.js";
import { evaluateConditions } from "./conditions.js";
import { EMPTY_CONTEXT, type RequestContext, type Tri } from "./context.js";
import { globMatch } from "./glob.js";
import type { PrincipalPermissions } from "./principal-permissions.js";
import { matchResourceElement } from "./resource-match.js";

export interface Request {
  action: string;
  /** The resource ARN, or `*` for actions that take no resource. */
  resource: string;
  context?: RequestContext;
}

/** `Conditional`: the answer depends on request context that is not known (conditions, variables). */
export type Decision = "Allow" | "ExplicitDeny" | "ImplicitDeny" | "Conditional";

export interface MatchedStatement {
  source: string;
  layer: Layer;
  level: number;
  statementIndex: number;
  effect: "Allow" | "Deny";
  certainty: Exclude<Tri, "no">;
}

export interface EvaluationResult {
  decision: Decision;
  matched: MatchedStatement[];
}

/**
 * AWS's documented evaluation logic for a principal in its own account: an explicit Deny in any
 * policy wins; otherwise identity policies must allow, and so must the permissions boundary (if
 * any) and every SCP level (if any). Three-valued throughout: a "maybe" anywhere that could change
 * the answer makes it Conditional.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export function evaluateRequest(permissions: PrincipalPermissions, request: Request): EvaluationResult {
  const context = request.context ?? EMPTY_CONTEXT;
  const action = permissions.catalog.action(request.action);
  const matched: MatchedStatement[] = [];
  for (const s of action ? permissions.statementsNaming(action.id) : permissions.statements) {
    const certainty = certaintyOf(s, action, request, context);
    if (certainty === undefined) continue;
    matched.push({
      source: s.source,
      layer: s.layer,
      level: s.level,
      statementIndex: s.statement.index,
      effect: s.statement.effect,
      certainty,
    });
  }
  const tally = newTally(permissions);
  for (const m of matched) if (count(tally, m.effect, m.certainty, m.layer, m.level)) break;
  return { decision: verdict(permissions, tally), matched };
}

/**
 * `evaluateRequest(permissions, request).decision`, without listing the statements that apply: a
 * proof asks it of every observed call, and needs the list only when the answer is not Allow.
 */
export function decisionOf(permissions: PrincipalPermissions, request: Request): Decision {
  const context = request.context ?? EMPTY_CONTEXT;
  const action = permissions.catalog.action(request.action);
  const tally = newTally(permissions);
  for (const s of action ? permissions.statementsNaming(action.id) : permissions.statements) {
    const certainty = certaintyOf(s, action, request, context);
    if (certainty === undefined) continue;
    if (count(tally, s.statement.effect, certainty, s.layer, s.level)) break;
  }
  return verdict(permissions, tally);
}

/** How surely a statement applies to the request, or undefined when it does not. */
function certaintyOf(
  s: CompiledStatement,
  action: ActionInfo | undefined,
  request: Request,
  context: RequestContext,
): Exclude<Tri, "no"> | undefined {
  if (!action && !namesUnknownAction(s, request.action)) return undefined;
  let resource = matchResourceElement(
    s.statement.resources,
    s.statement.notResource,
    request.resource,
    context,
  );
  // A Deny whose ARN patterns may name what an action without resource-level permissions is
  // checked against (compile.ts) perhaps applies: never read as surely not.
  if (resource === "no" && action?.wildcardOnly && s.statement.effect === "Deny" && s.reach.has(action.id))
    resource = "maybe";
  if (resource === "no") return undefined;
  const conditions = evaluateConditions(s.statement.conditions, context);
  if (conditions === "no") return undefined;
  return resource === "yes" && conditions === "yes" ? "yes" : "maybe";
}

/** What the statements that apply say so far; each layer's Allows as a rank: 0 none, 1 one might, 2 one does. */
interface Tally {
  explicitDeny: boolean;
  deny: boolean;
  identity: number;
  boundary: number;
  scp: Uint8Array;
}

const NO_SCP = new Uint8Array(0);

const newTally = (permissions: PrincipalPermissions): Tally => ({
  explicitDeny: false,
  deny: false,
  identity: 0,
  boundary: 0,
  scp: permissions.scpLevels > 0 ? new Uint8Array(permissions.scpLevels) : NO_SCP,
});

/** Counts one statement that applies; true once a certain Deny has decided the request. */
function count(
  t: Tally,
  effect: "Allow" | "Deny",
  certainty: Exclude<Tri, "no">,
  layer: Layer,
  level: number,
): boolean {
  if (effect === "Deny") {
    if (certainty === "yes") t.explicitDeny = true;
    t.deny = true;
    return t.explicitDeny;
  }
  const rank = certainty === "yes" ? 2 : 1;
  if (layer === "identity") t.identity = Math.max(t.identity, rank);
  else if (layer === "boundary") t.boundary = Math.max(t.boundary, rank);
  else if (level < t.scp.length) t.scp[level] = Math.max(t.scp[level]!, rank);
  return false;
}

function verdict(permissions: PrincipalPermissions, t: Tally): Decision {
  if (t.explicitDeny) return "ExplicitDeny";
  let allowed = t.identity;
  if (permissions.hasBoundary) allowed = Math.min(allowed, t.boundary);
  for (const rank of t.scp) allowed = Math.min(allowed, rank);
  if (allowed === 0) return "ImplicitDeny";
  return allowed === 2 && !t.deny ? "Allow" : "Conditional";
}

/** An action outside the catalog (newer than it, or made up) is matched against the raw patterns. */
function namesUnknownAction(s: CompiledStatement, action: string): boolean {
  const hit = s.statement.actions.some((p) => globMatch(p, action, true));
  return s.statement.notAction ? !hit : hit;
}
