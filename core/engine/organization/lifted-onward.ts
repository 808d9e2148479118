import type { Tri } from "../policy/context.js";
import type { CrossAccountPath } from "./cross-account.js";
import type { Lifter } from "./lifted-block.js";
import { onward, withOnward } from "./onward-reach.js";
import type { RoleReach } from "./role-reach.js";

/** An edge out of a role that makes it lead on (cross-account.ts). */
type OnwardEdge = { roleArn: string; accountId: string; certainty: Tri };

/**
 * The ways out of roles that lead nowhere by themselves: blocked by an SCP or RCP the role may not
 * lift, or into a role that gives nothing but by such a way. A principal earlier on the chain that
 * may lift the block does so for every principal after it: an SCP rewritten
 * (organizations:UpdatePolicy) or a policy type disabled (organizations:DisablePolicyType) no
 * longer blocks anyone, and one detached no longer blocks the accounts under the levels it was
 * detached from (lifted-block.ts asks so of the blocked request's own account). So each path's
 * caller reaches, besides what its role gives, what those ways give once the caller or a role
 * before the block on its chain lifts it; each such step names who lifts what, by which calls.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_UpdatePolicy.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DetachPolicy.html
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_DisablePolicyType.html
 */
export class LaterHops {
  /** Each role's ways out that lead nowhere by themselves, with how surely it takes each unlifted. */
  private readonly of = new Map<string, { path: CrossAccountPath; certainty: Tri | undefined }[]>();
  private readonly liftedBy = new Map<CrossAccountPath, Map<string, CrossAccountPath>>();

  constructor(private readonly lift: (path: CrossAccountPath, lifter: Lifter) => CrossAccountPath) {}

  /**
   * Records a role's way out (`certainty` undefined where its own block holds it); true for the
   * role's first, which makes its callers worth following.
   */
  add(path: CrossAccountPath, certainty: Tri | undefined): boolean {
    const found = this.of.get(path.from.principalArn);
    if (found) {
      found.push({ path, certainty });
      return false;
    }
    this.of.set(path.from.principalArn, [{ path, certainty }]);
    return true;
  }

  has(roleArn: string): boolean {
    return this.of.has(roleArn);
  }

  /**
   * What the path's caller reaches past the role's later blocked hops, as their blocks are lifted
   * by the caller or the roles before them on the chain; undefined where nothing.
   */
  gained(
    path: CrossAccountPath,
    onwardOf: ReadonlyMap<string, readonly OnwardEdge[]>,
    reachOf: (roleArn: string) => RoleReach | undefined,
  ): RoleReach | undefined {
    if (this.of.size === 0) return undefined;
    const memo = new Map<string, RoleReach | undefined>();
    const from = (arn: string, lifters: readonly Lifter[], seen: ReadonlySet<string>) => {
      const key = `${arn}\n${lifters.map((l) => l.principalArn).join("\n")}`;
      if (!memo.has(key)) memo.set(key, this.past(arn, lifters, seen, from, onwardOf, reachOf));
      return memo.get(key);
    };
    return from(path.to.roleArn, [path.from], new Set([path.from.principalArn]));
  }

  private past(
    arn: string,
    lifters: readonly Lifter[],
    seen: ReadonlySet<string>,
    from: (arn: string, lifters: readonly Lifter[], seen: ReadonlySet<string>) => RoleReach | undefined,
    onwardOf: ReadonlyMap<string, readonly OnwardEdge[]>,
    reachOf: (roleArn: string) => RoleReach | undefined,
  ): RoleReach | undefined {
    const within = new Set([...seen, arn]);
    const next = [...lifters, { accountId: arn.split(":")[4]!, principalArn: arn, type: "role" as const }];
    const steps: Extract<RoleReach, { escalation: string[] }>[] = [];
    // Through a way it takes anyway, to blocked hops further on.
    for (const e of onwardOf.get(arn) ?? []) {
      if (within.has(e.roleArn)) continue;
      const more = from(e.roleArn, next, within);
      if (more) steps.push(onward(e.roleArn, e.accountId, more, e.certainty));
    }
    for (const { path, certainty } of this.of.get(arn) ?? []) {
      const to = path.to.roleArn;
      if (within.has(to)) continue;
      const own = reachOf(to);
      // A way it takes itself into a role that gives something is one onwardOf holds.
      if (certainty && own) continue;
      const lift = certainty ? undefined : this.liftedFor(path, lifters);
      if (!certainty && !lift) continue;
      const more = from(to, next, within);
      const reaches = own && more ? withOnward(own, more) : (own ?? more);
      if (!reaches) continue;
      const step = onward(to, path.to.accountId, reaches, lift?.path.certainty ?? certainty!);
      if (!lift) {
        steps.push(step);
        continue;
      }
      const who = lift.by.principalArn.split("/").pop();
      const lifts = `once ${who} lifts ${path.blockedBy!.join(", ")} (${lift.path.liftsBlock})`;
      steps.push({ ...step, escalation: step.escalation.map((s) => `${s} ${lifts}`) });
    }
    if (steps.length === 0) return undefined;
    const sure = steps.some((s) => s.certainty === "yes");
    return { escalation: steps.flatMap((s) => s.escalation), certainty: sure ? "yes" : "maybe" };
  }

  /** The first principal before the blocked hop on the chain that may surely lift its block, else that may, with the lift. */
  private liftedFor(
    path: CrossAccountPath,
    lifters: readonly Lifter[],
  ): { by: Lifter; path: CrossAccountPath } | undefined {
    let asked = this.liftedBy.get(path);
    if (!asked) {
      asked = new Map();
      this.liftedBy.set(path, asked);
    }
    let found: { by: Lifter; path: CrossAccountPath } | undefined;
    for (const by of lifters) {
      let lifted = asked.get(by.principalArn);
      if (!lifted) {
        lifted = this.lift(path, by);
        asked.set(by.principalArn, lifted);
      }
      if (!lifted.liftsBlock) continue;
      if (lifted.certainty === "yes") return { by, path: lifted };
      found ??= { by, path: lifted };
    }
    return found;
  }
}
