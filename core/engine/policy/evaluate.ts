import type { CompiledStatement, Layer } from "./compile.js";
import { evaluateConditions } from "./conditions.js";
import { allOf, anyOf, makeContext, type RequestContext, type Tri } from "./context.js";
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
  const context = request.context ?? makeContext();
  const action = permissions.catalog.action(request.action);
  const matched: MatchedStatement[] = [];
  for (const s of action ? permissions.statementsNaming(action.id) : permissions.statements) {
    if (!action && !namesUnknownAction(s, request.action)) continue;
    const certainty = allOf([
      matchResourceElement(s.statement.resources, s.statement.notResource, request.resource, context),
      evaluateConditions(s.statement.conditions, context),
    ]);
    if (certainty === "no") continue;
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

function decide(permissions: PrincipalPermissions, matched: MatchedStatement[]): Decision {
  const deny = anyOf(matched.filter((m) => m.effect === "Deny").map((m) => m.certainty));
  if (deny === "yes") return "ExplicitDeny";
  const allows = (pick: (m: MatchedStatement) => boolean): Tri =>
    anyOf(matched.filter((m) => m.effect === "Allow" && pick(m)).map((m) => m.certainty));
  const layers: Tri[] = [allows((m) => m.layer === "identity")];
  if (permissions.hasBoundary) layers.push(allows((m) => m.layer === "boundary"));
  for (let level = 0; level < permissions.scpLevels; level++) {
    layers.push(allows((m) => m.layer === "scp" && m.level === level));
  }
  const allowed = allOf(layers);
  if (allowed === "no") return "ImplicitDeny";
  return allowed === "yes" && deny === "no" ? "Allow" : "Conditional";
}

/** An action outside the catalog (newer than it, or made up) is matched against the raw patterns. */
function namesUnknownAction(s: CompiledStatement, action: string): boolean {
  const hit = s.statement.actions.some((p) => globMatch(p, action, true));
  return s.statement.notAction ? !hit : hit;
}
