import type { PrincipalAccess } from "../../account/permissions.js";
import type { CompiledStatement } from "../../policy/compile.js";
import { policiesOf } from "../../snapshot/policies-of.js";
import type { PermissiveContext } from "./context.js";
import { appliesToOwnCalls } from "./own-facts.js";

/**
 * The identity-policy Allow statements a principal holds itself and that apply to some call of its
 * own (one under a condition none meets, such as another principal's ARN, grants it nothing). A
 * user's group policies are left to the group's own findings, so that one statement is reported
 * once per holder, not once per member.
 */
export function ownAllowStatements(
  ctx: PermissiveContext,
  subject: PrincipalAccess,
): readonly CompiledStatement[] {
  // Several detectors ask for the same principal's: found once.
  let statements = owned.get(subject);
  if (!statements) {
    const applied = policiesOf(ctx.snapshot, subject.principal.arn);
    const own = new Set(applied?.identity.filter((p) => p.via === undefined).map((p) => p.source));
    statements = subject.permissions.statements.filter(
      (s) =>
        s.layer === "identity" &&
        s.statement.effect === "Allow" &&
        own.has(s.source) &&
        appliesToOwnCalls(ctx, subject, s),
    );
    owned.set(subject, statements);
  }
  return statements;
}

const owned = new WeakMap<PrincipalAccess, readonly CompiledStatement[]>();

/** Where a statement comes from, as findings show it. */
export function statementLocation(s: CompiledStatement) {
  return {
    policy: s.source,
    statementIndex: s.statement.index,
    ...(s.statement.sid ? { sid: s.statement.sid } : {}),
  };
}

/**
 * The finding's policy: its source always, its policyArn for managed policies only (an inline
 * source is not an ARN).
 */
export function policyOf(s: CompiledStatement): { policyArn?: string; policySource: string } {
  return s.source.includes("#inline/")
    ? { policySource: s.source }
    : { policyArn: s.source, policySource: s.source };
}

/** A short list for titles and evidence: the first few keys and how many more. */
export function sample(keys: readonly string[], limit = 20): { actions: string[]; more: number } {
  return { actions: keys.slice(0, limit), more: Math.max(0, keys.length - limit) };
}
