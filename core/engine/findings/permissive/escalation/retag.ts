import type { PrincipalAccess } from "../../../account/permissions.js";
import { hasPolicyVariable } from "../../../policy/arn.js";
import type { CompiledStatement } from "../../../policy/compile.js";
import { makeContext, policyVariables, type RequestContext } from "../../../policy/context.js";
import { attackContext, type PermissiveContext } from "../context.js";
import { standIn } from "./capability.js";

const TAG = "aws:principaltag/";
/** Requests looked at per user: a bound, as for the privilege comparison. */
const MAX_PROBES = 64;
const PROBE = "whittle-probe";
const OWN_TAG_VARIABLE = /\$\{\s*aws:principaltag\/[^}]*\}/gi;
const gains = new WeakMap<PrincipalAccess, boolean>();

/**
 * Whether a user or role gains by choosing its own tags, as iam:TagUser or iam:TagRole on itself
 * lets it: some request of a statement that tests aws:PrincipalTag is refused with the tags it has
 * and may be allowed with others (an Allow for another team's tag, a Deny on its own). Decided by
 * the evaluator, so a boundary, an SCP or another Deny that refuses the request anyway leaves
 * nothing to gain. A role's sessions carry its tags unless session tags replace them, so its own
 * tags are what it has.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
 */
export function retagGains(ctx: PermissiveContext, subject: PrincipalAccess): boolean {
  if (subject.type === "group") return false;
  let gain = gains.get(subject);
  if (gain === undefined) {
    gain = decideGain(ctx, subject);
    gains.set(subject, gain);
  }
  return gain;
}

function decideGain(ctx: PermissiveContext, subject: PrincipalAccess): boolean {
  const tagged = subject.permissions.statements.filter(
    (s) =>
      s.statement.conditions.some((c) => c.key.toLowerCase().startsWith(TAG)) ||
      (s.statement.resources ?? []).some(namesOwnTag),
  );
  if (tagged.length === 0) return false;
  const now = withOwnTags(attackContext(ctx, subject), subject);
  const chosen = withoutOwnTags(now);
  let looked = 0;
  for (const s of tagged) {
    for (const id of s.reach.ids()) {
      const action = ctx.catalog.actions[id]!;
      for (const resource of probes(ctx, s, action)) {
        if (looked++ >= MAX_PROBES) return false;
        const request = { action: action.key, resource };
        const today = subject.permissions.evaluate({ ...request, context: now }).decision;
        if (today === "Allow" || today === "Conditional") continue;
        const retagged = subject.permissions.evaluate({ ...request, context: chosen }).decision;
        if (retagged === "Allow" || retagged === "Conditional") return true;
      }
    }
  }
  return false;
}

/** A role's request context with its own tags, which the attack context leaves undecided. */
function withOwnTags(context: RequestContext, subject: PrincipalAccess): RequestContext {
  if (subject.type !== "role" || !("tags" in subject.principal)) return context;
  const values: Record<string, readonly string[]> = Object.fromEntries(context.values);
  for (const tag of subject.principal.tags) values[`${TAG}${tag.key.toLowerCase()}`] = [tag.value];
  return makeContext(values, context.complete);
}

/** The same request context with the caller's tags left to it: unknown, so any value may be met. */
function withoutOwnTags(context: RequestContext): RequestContext {
  const values: Record<string, readonly string[]> = {};
  for (const [key, value] of context.values) if (!key.startsWith(TAG)) values[key] = value;
  return makeContext(values, context.complete);
}

/** Whether a Resource pattern names a resource by one of the caller's tags (`user/${aws:PrincipalTag/me}`). */
const namesOwnTag = (pattern: string) => policyVariables(pattern).some((key) => key.startsWith(TAG));

/**
 * Resources the statement names, made concrete; its action's own ARN format for `*`. A tag of the
 * caller's in a pattern is one it may choose, so it stands for a name of its choosing; a pattern
 * with another variable is left out.
 */
function probes(
  ctx: PermissiveContext,
  s: CompiledStatement,
  action: Parameters<typeof standIn>[1],
): string[] {
  const patterns = s.statement.notResource ? ["*"] : (s.statement.resources ?? ["*"]);
  return patterns
    .map((p) => (namesOwnTag(p) ? p.replace(OWN_TAG_VARIABLE, PROBE) : p))
    .filter((p) => !hasPolicyVariable(p))
    .slice(0, 2)
    .map((p) => (p === "*" ? standIn(ctx, action) : p.replace(/\*/g, PROBE).replace(/\?/g, "x")));
}
