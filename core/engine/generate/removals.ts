import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";
import { PrincipalPermissions } from "../policy/principal-permissions.js";
import { grantedPatterns, grantsCovering } from "./grants.js";
import type { GenerateInput, LastAccessEvidence, UnobservablePolicy } from "./types.js";

/**
 * Whether a granted action CloudTrail cannot show stays. Silence of a trail that cannot see an
 * action proves nothing, so it stays unless the user opted into dropping such actions, or chose
 * `keep-if-accessed` and IAM's last-accessed data shows it (or its whole service) unused.
 */
export function keepUnobservable(
  policy: UnobservablePolicy,
  verdict: ReturnType<LastAccessEvidence["verdict"]>,
): boolean {
  if (policy === "keep") return true;
  if (policy === "keep-if-accessed") return verdict !== "unused";
  return false;
}

/**
 * The principal's permissions once the recommendation is applied: the proposed policies replace
 * its own, while the policies it keeps through its groups still apply. Removal counts come from
 * this, so a user in a group allowing `*` is not told it loses anything.
 */
export function afterApplying(input: GenerateInput, proposed: PrincipalPermissions): PrincipalPermissions {
  const retained = input.retained ?? [];
  if (retained.length === 0) return proposed;
  return new PrincipalPermissions(input.catalog, {
    ...proposed.policies,
    identity: [...retained, ...proposed.policies.identity],
  });
}

/** The policies a user keeps through its groups, compiled; undefined when nothing is retained. */
export function retainedPermissions(input: GenerateInput): PrincipalPermissions | undefined {
  const retained = input.retained ?? [];
  if (retained.length === 0) return undefined;
  return new PrincipalPermissions(input.catalog, { ...input.current.policies, identity: retained });
}

/**
 * Whether the retained policies alone grant an action, unconditionally, on every pattern the
 * principal holds it on today: then applying the recommendation keeps it without a new grant.
 */
export function retainedCovers(
  current: PrincipalPermissions,
  retained: PrincipalPermissions | undefined,
  actionId: number,
): boolean {
  if (!retained) return false;
  const patterns = grantedPatterns(current, actionId);
  return (
    patterns.length > 0 &&
    patterns.every((p) => grantsCovering(retained, actionId, p).some((g) => !g.conditional))
  );
}

/**
 * How many removed actions the evidence shows unused: observable and not seen (the activity read
 * covers the window), or unused per IAM's last-accessed data.
 */
export function removalEvidence(catalog: Catalog, removed: ActionSet, input: GenerateInput): number {
  let verified = removed.intersect(input.observable).count();
  if (!input.lastAccess) return verified;
  for (const id of removed.minus(input.observable).ids()) {
    if (input.lastAccess.verdict(catalog.actions[id]!.key) === "unused") verified++;
  }
  return verified;
}
