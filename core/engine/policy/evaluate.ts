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
    if (!action && !namesUnknownAction(s, request.action)) continue;
    const resource = matchResourceElement(
      s.statement.resources,
      s.statement.notResource,
      request.resource,
      context,
    );
    if (resource === "no") continue;
    const conditions = evaluateConditions(s.statement.conditions, context);
    if (conditions === "no") continue;
    const certainty = resource === "yes" && conditions === "yes" ? "yes" : "maybe";
    matched.push({
      source: s.source,
      layer: s.layer,
      level: s.level,
      statementIndex: s.statement.index,
      effect: s.statement.effect,
      certainty,
    });
  }
  return { decision: decide(permissions, matched), matched };
}

const NO_SCP = new Uint8Array(0);

function decide(permissions: PrincipalPermissions, matched: MatchedStatement[]): Decision {
  // Each layer's Allows as a rank: 0 no statement allows, 1 one might, 2 one does.
  let deny = false;
  let identity = 0;
  let boundary = 0;
  const scp = permissions.scpLevels > 0 ? new Uint8Array(permissions.scpLevels) : NO_SCP;
  for (const m of matched) {
    if (m.effect === "Deny") {
      if (m.certainty === "yes") return "ExplicitDeny";
      deny = true;
      continue;
    }
    const rank = m.certainty === "yes" ? 2 : 1;
    if (m.layer === "identity") identity = Math.max(identity, rank);
    else if (m.layer === "boundary") boundary = Math.max(boundary, rank);
    else if (m.level < scp.length) scp[m.level] = Math.max(scp[m.level]!, rank);
  }
  let allowed = identity;
  if (permissions.hasBoundary) allowed = Math.min(allowed, boundary);
  for (const rank of scp) allowed = Math.min(allowed, rank);
  if (allowed === 0) return "ImplicitDeny";
  return allowed === 2 && !deny ? "Allow" : "Conditional";
}

/** An action outside the catalog (newer than it, or made up) is matched against the raw patterns. */
function namesUnknownAction(s: CompiledStatement, action: string): boolean {
  const hit = s.statement.actions.some((p) => globMatch(p, action, true));
  return s.statement.notAction ? !hit : hit;
}
