import { allOf, type Tri } from "../policy/context.js";
import type { CrossAccountPath } from "./cross-account.js";
import type { Lifter } from "./lifted-block.js";
import { onward } from "./onward-reach.js";
import type { RoleReach } from "./role-reach.js";

/** A block lifted, by whom. */
type Lifted = { by: Lifter; path: CrossAccountPath };

/** An edge out of a role that makes it lead on (cross-account.ts). */
type OnwardEdge = { roleArn: string; accountId: string; certainty: Tri };

/**
 * The ways out of roles that lead nowhere by themselves: blocked by an SCP or RCP the role may not
 * lift, or into a role that gives nothing but by such a way. A principal the caller reaches that
 * may lift the block does so for every principal of the chain, as the caller holds each one's
 * session credentials: an SCP rewritten (organizations:UpdatePolicy) or a policy type disabled
 * (organizations:DisablePolicyType) no longer blocks anyone, and one detached no longer blocks the
 * accounts under the levels it was detached from (lifted-block.ts asks so of the blocked request's
 * own account). So each path's caller reaches, besides what its role gives, what those ways give
 * once a principal it reaches lifts their block; each such step names who lifts what, by which calls.
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
   * What the path's caller reaches past the later blocked hops of the roles it goes on to, as
   * their blocks are lifted by any principal it reaches on the way (it holds each one's session
   * credentials, so may make the Organizations calls as it before going on another way); undefined
   * where nothing. Each role is visited once, surest way first in the order found.
   */
  gained(
    path: CrossAccountPath,
    onwardOf: ReadonlyMap<string, readonly OnwardEdge[]>,
    reachOf: (roleArn: string) => RoleReach | undefined,
  ): RoleReach | undefined {
    if (this.of.size === 0) return undefined;
    const lifters: Lifter[] = [
      path.from,
      { accountId: path.to.accountId, principalArn: path.to.roleArn, type: "role" },
    ];
    const seen = new Set([path.from.principalArn, path.to.roleArn]);
    // Roles reached, each with the names of the roles after the path's on the way and its certainty.
    const queue: { arn: string; way: string[]; certainty: Tri }[] = [
      { arn: path.to.roleArn, way: [], certainty: "yes" },
    ];
    const stuck: { path: CrossAccountPath; way: string[]; certainty: Tri }[] = [];
    const steps: Extract<RoleReach, { escalation: string[] }>[] = [];
    const reach = (arn: string, way: string[], certainty: Tri) => {
      if (seen.has(arn)) return;
      seen.add(arn);
      queue.push({ arn, way, certainty });
      lifters.push({ accountId: arn.split(":")[4]!, principalArn: arn, type: "role" });
    };
    // A blocked hop taken once a principal reached lifts it; its role is reached so.
    const take = (hop: { path: CrossAccountPath; way: string[]; certainty: Tri }, lift?: Lifted) => {
      const to = hop.path.to.roleArn;
      const own = reachOf(to);
      const certainty = allOf([hop.certainty, lift?.path.certainty ?? "yes"]);
      if (own) {
        const name = [...hop.way, to.split("/").pop()].join(" → ");
        const step = onward(to, hop.path.to.accountId, own, certainty);
        const lifts = lift
          ? ` once ${lift.by.principalArn.split("/").pop()} lifts ${hop.path.blockedBy!.join(", ")} (${lift.path.liftsBlock})`
          : "";
        const named =
          hop.way.length > 0
            ? step.escalation.map((s) => s.replace(/^assume [^ ]+/, `assume ${name}`))
            : step.escalation;
        steps.push({ ...step, escalation: named.map((s) => `${s}${lifts}`) });
      }
      reach(to, [...hop.way, to.split("/").pop()!], certainty);
    };
    for (let next = queue.shift(); next; next = queue.shift()) {
      const { arn, way, certainty } = next;
      // Its ways on taken anyway: onward from there.
      for (const e of onwardOf.get(arn) ?? [])
        reach(e.roleArn, [...way, e.roleArn.split("/").pop()!], allOf([certainty, e.certainty]));
      for (const later of this.of.get(arn) ?? []) {
        if (seen.has(later.path.to.roleArn)) continue;
        const hop = { path: later.path, way, certainty: allOf([certainty, later.certainty ?? "yes"]) };
        if (later.certainty && !reachOf(later.path.to.roleArn)) take(hop);
        else if (!later.certainty) stuck.push(hop);
      }
      // Each blocked hop any principal reached so far may lift, tried again as principals are reached.
      for (let i = 0; i < stuck.length; i++) {
        const hop = stuck[i]!;
        if (seen.has(hop.path.to.roleArn)) continue;
        const lift = this.liftedFor(hop.path, lifters);
        if (!lift) continue;
        stuck.splice(i--, 1);
        take(hop, lift);
      }
    }
    if (steps.length === 0) return undefined;
    const sure = steps.some((s) => s.certainty === "yes");
    return { escalation: steps.flatMap((s) => s.escalation), certainty: sure ? "yes" : "maybe" };
  }

  /** The first principal reached that may surely lift the hop's block, else the first that may, with the lift. */
  private liftedFor(path: CrossAccountPath, lifters: readonly Lifter[]): Lifted | undefined {
    let asked = this.liftedBy.get(path);
    if (!asked) {
      asked = new Map();
      this.liftedBy.set(path, asked);
    }
    let found: Lifted | undefined;
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
