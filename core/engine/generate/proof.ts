import { holdsEscapedWildcard } from "../activity/literal-key.js";
import type { Catalog } from "../catalog/catalog.js";
import { type CompiledStatement, patternReaches } from "../policy/compile.js";
import { EMPTY_CONTEXT, makeContext, type RequestContext } from "../policy/context.js";
import {
  decisionOf,
  type EvaluationResult,
  type MatchedStatement,
  type Request,
} from "../policy/evaluate.js";
import { namesAnyAction } from "../policy/expand.js";
import { hasWildcard, unescapePolicyText } from "../policy/glob.js";
import { parsePolicy } from "../policy/parse.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";
import { matchResourceElement } from "../policy/resource-match.js";
import type { Policy, Statement } from "../policy/types.js";
import { carriedBeyondCatalog, meetBeyondCatalog } from "./beyond-catalog.js";
import { generatedPolicy } from "./generated-policy.js";
import { grantsCovering, statementCoversPattern, statementTouchesPattern } from "./grants.js";
import { allowsAllBut, notResourceViolations } from "./not-resource-proof.js";
import { clauseKey, impliesConditions, sameScope } from "./statement-scope.js";
import type { ObservedAction, ObservedAuthorization, PolicyDocument } from "./types.js";

export interface ProofResult {
  ok: boolean;
  violations: string[];
}

/**
 * Each document's policy as first read: a plan proves its recommendation's documents again, and
 * compiled statements are kept per policy object, so reading the same document object yields the
 * same policy and its statements compile once. Generated documents are never changed after.
 */
const readPolicies = new WeakMap<PolicyDocument, Policy>();

/**
 * The proposed documents as the principal's identity policies, under its current boundary and SCPs.
 * With the sizes packing counted, documents of the generator's own shape are taken as typed.
 */
export function proposedPermissions(
  current: PrincipalPermissions,
  documents: readonly PolicyDocument[],
  sizes?: readonly number[],
): PrincipalPermissions {
  const identity = documents.map((document, i) => {
    const source = `proposed-${i + 1}`;
    const known = readPolicies.get(document);
    if (known) return { source, policy: known };
    const typed = sizes?.[i] === undefined ? undefined : generatedPolicy(document, sizes[i]!);
    if (typed) {
      readPolicies.set(document, typed);
      return { source, policy: typed };
    }
    const { policy, problems } = parsePolicy(document, { kind: "identity" });
    const errors = problems.filter((p) => p.severity === "error");
    if (!policy || errors.length > 0)
      throw new Error(`generated policy ${i + 1} is invalid: ${errors[0]?.message}`);
    readPolicies.set(document, policy);
    return { source, policy };
  });
  return new PrincipalPermissions(current.catalog, { ...current.policies, identity });
}

/**
 * withinCurrent: for every catalog action and every resource pattern a proposed Allow names, some
 * current identity Allow grants that action on every resource of the pattern under conditions the
 * proposed statement also imposes, and every current Deny that could touch it is carried over.
 * Boundary and SCPs stay as they are, so the proposed set can only be smaller.
 */
export function proveWithinCurrent(
  catalog: Catalog,
  current: PrincipalPermissions,
  proposed: PrincipalPermissions,
): ProofResult {
  const violations: string[] = [];
  const proposedDenies = proposed.statements.filter((s) => s.statement.effect === "Deny");
  const currentDenies = current.statements.filter(
    (s) => s.layer === "identity" && s.statement.effect === "Deny",
  );
  // Granted today on every resource by an identity Allow without conditions, and touched by no
  // Deny of any layer: any pattern is within that grant, and no Deny needs carrying over.
  const free = current.effective().unconditional;
  for (const s of proposed.statements) {
    // Only the proposed identity policies are new; the boundary and SCPs are the current ones.
    if (s.layer !== "identity" || s.statement.effect !== "Allow") continue;
    if (s.statement.notAction) {
      violations.push(`statement ${s.statement.index} uses NotAction, which cannot be proven narrow`);
      continue;
    }
    if (s.statement.notResource) {
      violations.push(...notResourceViolations(current, s, currentDenies, proposedDenies, free));
      continue;
    }
    if (!namesOnlyCatalogActions(s))
      for (const p of s.statement.actions)
        if (!namesAnyAction(catalog, p)) violations.push(`${p} is not a catalog action`);
    const patterns = s.statement.resources ?? ["*"];
    for (const id of s.actions.ids()) {
      const action = catalog.actions[id]!;
      if (free.has(id) && !action.wildcardOnly) continue;
      for (const pattern of patterns) {
        // With one pattern, which actions it reaches is what compiling the statement found.
        const reached = patterns.length === 1 ? s.reach.has(id) : patternReaches(pattern, action);
        // An action without resource-level permissions is granted by some ARN patterns all the same
        // (s3:ListAllMyBuckets on arn:aws:s3:::*): checked as a grant, against every grant and Deny
        // naming it, as which resource AWS checks it against is not documented.
        if (reached ? free.has(id) : !action.wildcardOnly) continue;
        const grants = reached ? grantsCovering(current, id, pattern) : grantsNaming(current, id, pattern);
        if (!grants.some((g) => impliesConditions(s.statement, g.statement))) {
          violations.push(`${action.key} on ${pattern} is not granted by the current policies`);
          continue;
        }
        for (const deny of currentDenies) {
          const named = reached ? deny.reach.has(id) : deny.actions.has(id);
          if (!named || !statementTouchesPattern(deny.statement, pattern)) continue;
          if (!proposedDenies.some((d) => d.actions.has(id) && sameScope(d.statement, deny.statement))) {
            violations.push(
              `${action.key} on ${pattern}: the current Deny in ${deny.source} is not carried over`,
            );
          }
        }
      }
    }
  }
  return { ok: violations.length === 0, violations };
}

/** Identity Allows naming an action, whatever they reach, on every resource of a pattern. */
function grantsNaming(current: PrincipalPermissions, id: number, pattern: string): CompiledStatement[] {
  return current
    .statementsNaming(id)
    .filter(
      (g) =>
        g.layer === "identity" &&
        g.statement.effect === "Allow" &&
        statementCoversPattern(g.statement, pattern),
    );
}

/**
 * For an Action (not NotAction) statement: names without wildcards each name one catalog action or
 * none, so when the compiled set holds as many actions as the statement lists names, every name is
 * one and none needs looking up again. A generated statement lists exact names only.
 */
function namesOnlyCatalogActions(s: CompiledStatement): boolean {
  const names = s.statement.actions;
  return !names.some(hasWildcard) && s.actions.count() === names.length;
}

export interface ObservedCall {
  action: string;
  resource?: string;
  /** The request context CloudTrail recorded for the call. */
  context?: Omit<ObservedAuthorization, "resource">;
  /**
   * How the current policies decide this very request, without context: scoping asked already.
   * `"Allow"` when they allow it outright, the statements that apply unlisted (a proof reads them
   * only for a conditional decision), as most calls are decided.
   */
  current?: EvaluationResult | "Allow";
}

/** Every distinct authorization the observed calls needed, with its context: what coversObserved replays. */
export function replayedCalls(observed: readonly ObservedAction[]): ObservedCall[] {
  // Most observed actions recorded no authorization: nothing is built for them.
  const out: ObservedCall[] = [];
  for (const o of observed) {
    if (o.count <= 0 || !o.authorizations) continue;
    for (const { resource, ...context } of o.authorizations)
      out.push({ action: o.action, ...(resource === undefined ? {} : { resource }), context });
  }
  return out;
}

/**
 * coversObserved: every observed call the current policies allow is allowed by the proposed set,
 * evaluated with the call's recorded context (region, source IP, VPC endpoint). A call the current
 * identity policies do not allow (a resource policy let it through) is listed as not allowed
 * elsewhere; the proposed set does not change how it is decided.
 */
export function proveCoversObserved(
  current: PrincipalPermissions,
  proposed: PrincipalPermissions,
  calls: readonly ObservedCall[],
): ProofResult {
  const violations: string[] = [];
  for (const call of calls) {
    if (call.resource === undefined) {
      const id = current.catalog.action(call.action)?.id;
      if (id !== undefined && !current.effective().possible.has(id)) continue;
      if (id === undefined || !proposed.effective().possible.has(id))
        violations.push(`${call.action} is not allowed`);
      else
        for (const v of narrowedScope(current, proposed, id, call.action))
          if (!violations.includes(v)) violations.push(v);
      continue;
    }
    // A key recorded with `*` or `?` is carried escaped (activity/literal-key.ts): replayed as the key.
    const resource = holdsEscapedWildcard(call.resource) ? unescapePolicyText(call.resource) : call.resource;
    const request = { action: call.action, resource, context: requestContext(call.context) };
    const known = call.context ? undefined : call.current;
    const before = known === "Allow" ? undefined : (known ?? current.evaluate(request));
    const was = before?.decision ?? "Allow";
    if (was === "ImplicitDeny" || was === "ExplicitDeny") continue;
    // Most calls stay allowed: the statements that apply are listed only for one that is not.
    if (decisionOf(proposed, request) === "Allow") continue;
    const after = proposed.evaluate(request);
    if (
      after.decision === "Conditional" &&
      before?.decision === "Conditional" &&
      sameConditionalGrants(current, proposed, before.matched, after.matched, request)
    )
      continue;
    const where = call.context?.region ? ` in ${call.context.region}` : "";
    violations.push(`${call.action} on ${call.resource}${where} is ${after.decision} (was ${was})`);
  }
  return { ok: violations.length === 0, violations };
}

/**
 * A call on resources the record does not name could have been on any resource the current
 * identity policies allow the action on: the proposed set must grant every current pattern, under
 * no condition the current grant lacks. A current NotResource grant is kept by a proposed one that
 * leaves out no more than it does, or by a grant on `*`.
 */
function narrowedScope(
  current: PrincipalPermissions,
  proposed: PrincipalPermissions,
  id: number,
  action: string,
): string[] {
  const violations: string[] = [];
  for (const s of current.statementsFor(id)) {
    if (s.layer !== "identity" || s.statement.effect !== "Allow") continue;
    const { notResource, resources } = s.statement;
    if (notResource && resources) {
      if (!allButKept(proposed, id, s.statement))
        violations.push(
          `${action} on unnamed resources: every resource but ${resources.join(", ")} is no longer granted`,
        );
      continue;
    }
    const patterns = resources ?? ["*"];
    for (const pattern of patterns) {
      const kept = grantsCovering(proposed, id, pattern).some((g) =>
        impliesConditions(s.statement, g.statement),
      );
      if (!kept) violations.push(`${action} on unnamed resources: ${pattern} is no longer granted`);
    }
  }
  return violations;
}

/** Whether the proposed set grants an action wherever a current NotResource grant does, no stricter. */
function allButKept(proposed: PrincipalPermissions, id: number, grant: Statement): boolean {
  return allowsAllBut(proposed, id, grant.resources ?? [], grant);
}

/** The global condition keys a CloudTrail record shows; any other key stays unknown ("maybe"). */
function requestContext(context: ObservedCall["context"]): RequestContext {
  // Most calls carry no recorded context: the shared empty one saves a map per call.
  if (!context?.region && !context?.sourceIp && !context?.vpcEndpoint) return EMPTY_CONTEXT;
  const values: Record<string, string> = {};
  if (context?.region) values["aws:RequestedRegion"] = context.region;
  // A call through a VPC endpoint has no aws:SourceIp (AWS leaves the key out of such requests):
  // its recorded private IP stays unknown rather than satisfying an IpAddress condition.
  if (context?.sourceIp && !context.vpcEndpoint) values["aws:SourceIp"] = context.sourceIp;
  if (context?.vpcEndpoint) values["aws:SourceVpce"] = context.vpcEndpoint;
  return makeContext(values);
}

/**
 * A call both sets allow only under conditions is still covered when every current Allow that
 * might apply has its exact condition block in some proposed Allow that surely names the call's
 * resource (or has its very resources and conditions), and every proposed Deny that might apply is
 * one of today's: whichever condition let the call through before lets it through after. A
 * proposed grant naming the resource only through a policy variable today's grant lacks may name
 * another, and a Deny today's policies lack may refuse the call.
 */
function sameConditionalGrants(
  current: PrincipalPermissions,
  proposed: PrincipalPermissions,
  before: readonly MatchedStatement[],
  after: readonly MatchedStatement[],
  request: Request,
): boolean {
  const statements = (
    permissions: PrincipalPermissions,
    matched: readonly MatchedStatement[],
    effect: "Allow" | "Deny",
  ) =>
    matched
      .filter((m) => m.effect === effect && m.layer === "identity")
      .map(
        (m) =>
          permissions.statements.find((s) => s.source === m.source && s.statement.index === m.statementIndex)!
            .statement,
      );
  const block = (s: Statement) => s.conditions.map(clauseKey).sort().join("\u0002");
  const named = (s: Statement) =>
    matchResourceElement(s.resources, s.notResource, request.resource, request.context ?? EMPTY_CONTEXT) ===
    "yes";
  const grants = statements(proposed, after, "Allow");
  const offered = new Set(grants.filter(named).map(block));
  const denied = statements(current, before, "Deny");
  return (
    statements(current, before, "Allow").every(
      (s) => offered.has(block(s)) || grants.some((g) => sameScope(g, s)),
    ) && statements(proposed, after, "Deny").every((d) => denied.some((t) => sameScope(d, t)))
  );
}

/**
 * withinCurrent for the policies a change keeps: a Deny of a removed policy (`removed`: sources)
 * that still guards an Allow left after the change must be carried with the same scope, or what it
 * forbids today becomes allowed (an explicit Deny overrides any Allow:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
 */
export function droppedDenies(
  current: PrincipalPermissions,
  after: PrincipalPermissions,
  removed: ReadonlySet<string>,
  limit = Number.POSITIVE_INFINITY,
): string[] {
  const identity = (s: CompiledStatement) => s.layer === "identity";
  const { catalog } = current;
  const allowed = catalog.emptySet();
  const afterAllows = after.statements.filter((s) => identity(s) && s.statement.effect === "Allow");
  for (const s of afterAllows) allowed.unionInPlace(s.reach);
  const afterDenies = after.statements.filter((s) => identity(s) && s.statement.effect === "Deny");
  const out: string[] = [];
  for (const deny of current.statements) {
    if (!identity(deny) || deny.statement.effect !== "Deny" || !removed.has(deny.source)) continue;
    // Compared once per Deny, not per action: a NotAction Deny reaches thousands of actions.
    const carriers = afterDenies.filter((d) => sameScope(d.statement, deny.statement));
    // What the catalog does not list is allowed by a wildcard and denied by one all the same.
    if (
      afterAllows.some((a) => meetBeyondCatalog(catalog, a.statement, deny.statement)) &&
      !carriedBeyondCatalog(
        deny.statement,
        carriers.map((c) => c.statement),
      )
    ) {
      out.push(
        `actions the catalog does not list: the Deny in ${deny.source} (statement ${deny.statement.index}) would be removed while an Allow may still reach them`,
      );
      if (out.length >= limit) return out;
    }
    for (const id of deny.reach.intersect(allowed).ids()) {
      if (carriers.some((d) => d.actions.has(id))) continue;
      out.push(
        `${catalog.actions[id]!.key}: the Deny in ${deny.source} (statement ${deny.statement.index}) would be removed while an Allow remains`,
      );
      if (out.length >= limit) return out;
    }
  }
  return out;
}
