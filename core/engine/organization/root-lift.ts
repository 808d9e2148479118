import type { PermissiveContext } from "../findings/permissive/context.js";
import { allOf, type Tri } from "../policy/context.js";
import type { PolicyInput } from "../policy/principal-permissions.js";
import { rootBlockedBy, rootBlockedUnder, rootScps } from "./assume-root.js";
import type { CrossAccountPath } from "./cross-account.js";
import {
  ANYTHING,
  DETACH,
  DISABLE,
  detachCertainty,
  FULL_ACCESS,
  givenAllow,
  type Lift,
  levelArn,
  type May,
  ORG_POLICY,
  REWRITE,
  rootArn,
  surer,
} from "./lift-calls.js";

/**
 * The blocks of a path to a member's root user that are the member's own SCPs refusing its root
 * user (assume-root.ts lists them after its caller's): none for a path to a role, undefined where
 * they cannot be told apart.
 */
export function rootUserBlocks(
  target: PermissiveContext | undefined,
  path: CrossAccountPath,
): string[] | undefined {
  if (!path.assumeRoot) return [];
  const blocks = target ? rootBlockedBy(target, path.to.roleArn) : [];
  if (blocks.length === 0) return blocks;
  const tail = path.blockedBy?.slice(-blocks.length) ?? [];
  return blocks.every((arn, i) => tail[i] === arn) ? blocks : undefined;
}

/**
 * Whether the caller lifts the member's SCPs that refuse its root user what the path needs: each
 * denying one rewritten, or detached from every level of the member's path it is attached to, or
 * the SCP type disabled in the root. A Deny taken away still leaves the root user needing an Allow
 * at every level of the member's path, so an allow-list elsewhere that leaves the request out
 * keeps refusing it, unless the caller may give that level an Allow too (attach FullAWSAccess to
 * it, or rewrite one of its SCPs).
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DisablePolicyType.html
 */
export function rootUserLift(
  target: PermissiveContext | undefined,
  path: CrossAccountPath,
  blocks: readonly string[],
  may: May,
): Lift {
  const scps = target && rootScps(target);
  if (!target || !scps) return { certainty: "no", calls: [] };
  const blocking = new Set(blocks);
  // Each denying SCP rewritten where the caller surely may, else detached where it may.
  const ways = blocks
    .filter((arn) => ORG_POLICY.test(arn))
    .map((arn) => {
      const rewrite = may(REWRITE, arn, arn);
      const detach = rewrite === "yes" ? "no" : detachCertainty(arn, target, may, blocking);
      return detach === "no" || (rewrite === "maybe" && detach === "maybe")
        ? { arn, detached: false, certainty: rewrite, calls: [REWRITE] }
        : { arn, detached: true, certainty: detach, calls: [DETACH] };
    });
  const detached = new Set(ways.filter((w) => w.detached).map((w) => w.arn));
  const lifted = scps.map((level) => {
    const kept = level.flatMap((p) =>
      detached.has(p.source) ? [] : blocking.has(p.source) ? [{ ...ANYTHING, source: p.source }] : [p],
    );
    // A level left with none had FullAWSAccess attached before (detachCertainty).
    return kept.length > 0 ? kept : [ANYTHING];
  });
  const after = allowedAfter(target, path, lifted, may);
  const byPolicies = {
    certainty: allOf([...ways.map((w) => w.certainty), after.certainty]),
    calls: [...ways.flatMap((w) => w.calls), ...after.calls],
  };
  const root = rootArn(target, blocks, path.to.roleArn);
  const disabled = root ? may(DISABLE, root, FULL_ACCESS) : "no";
  return surer(byPolicies, { certainty: disabled, calls: [DISABLE] });
}

/**
 * Whether the member's levels, its denying SCPs lifted, allow its root user what the path needs,
 * each level refusing it given an Allow where the caller may.
 */
function allowedAfter(
  target: PermissiveContext,
  path: CrossAccountPath,
  levels: PolicyInput[][],
  may: May,
): { certainty: Tri; calls: string[] } {
  const rootUser = path.to.roleArn;
  if (rootBlockedUnder(target, rootUser, levels).length === 0) return { certainty: "yes", calls: [] };
  const org = target.snapshot.organization;
  const given = levels.map((level, i) => {
    if (rootBlockedUnder(target, rootUser, [level]).length === 0)
      return { level, certainty: "yes" as Tri, calls: [] };
    const allow = givenAllow(levelArn(org, i, level, rootUser), level, may);
    return { level: [...level, ANYTHING], ...allow };
  });
  if (given.some((g) => g.certainty === "no")) return { certainty: "no", calls: [] };
  // A Deny still there refuses it, whatever Allow the levels are given.
  const still = rootBlockedUnder(
    target,
    rootUser,
    given.map((g) => g.level),
  );
  if (still.length > 0) return { certainty: "no", calls: [] };
  return { certainty: allOf(given.map((g) => g.certainty)), calls: given.flatMap((g) => g.calls) };
}
