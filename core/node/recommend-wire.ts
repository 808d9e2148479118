import type { RecommendResult } from "../engine/audit/recommend-job.js";
import { ActionSet, type ActionSetData } from "../engine/catalog/action-set.js";
import type { Catalog } from "../engine/catalog/catalog.js";
import type { GenerateResult, UnlistedResult } from "../engine/generate/recommend.js";
import { compressByService } from "../engine/generate/removed-names.js";
import type { Recommendation } from "../engine/generate/types.js";
import type { PlanProof } from "../engine/plans/prove.js";

/** A recommendation's lists of action names: hundreds of catalog spellings per principal. */
const LISTS = ["observedActions", "unobservableActions", "unobservableKept", "inferredActions"] as const;
type List = (typeof LISTS)[number];

/** A list as it crosses threads: numbers standing for catalog spellings, or the strings themselves. */
type WireList = Int32Array | string[];

export type WireResult = (
  | { failure: Extract<GenerateResult, { failure: unknown }>["failure"] }
  | {
      recommendation: Omit<Recommendation, List | "removedActions" | "removedRisks"> & {
        [K in List]: WireList;
      } & { removedActions: ActionSetData; removedRisks: Record<string, WireList> };
    }
) & { planProof?: Omit<PlanProof, "removedActions"> & { removedActions: ActionSetData } };

/**
 * Action names as numbers between threads: copying millions of short strings from a thread costs
 * more than computing them there, and every name in these lists is an action's or a service's
 * `svc:*` spelling from the catalog both threads load. A list with any other string travels as it
 * is, so the round trip is exact. The removed actions, thousands of names for an admin, travel as
 * the set they are listed from (a few KB) and are listed on arrival, never in the worker.
 */
export class ActionListCodec {
  private readonly spellings: string[];
  private readonly codes = new Map<string, number>();
  /** Each service's codes, `svc:*` first, by prefix: a walk jumps over the services a list skips. */
  private readonly services = new Map<string, { start: number; end: number }>();

  constructor(private readonly catalog: Catalog) {
    // Each service's `svc:*`, then its actions by id: the order lists mostly follow.
    this.spellings = [];
    for (const service of catalog.services) {
      const start = this.spellings.length;
      this.spellings.push(`${service.prefix}:*`);
      for (let id = service.first; id < service.end; id++) this.spellings.push(catalog.actions[id]!.key);
      if (!this.services.has(service.prefix))
        this.services.set(service.prefix, { start, end: this.spellings.length });
    }
    this.spellings.forEach((spelling, code) => {
      if (!this.codes.has(spelling)) this.codes.set(spelling, code);
    });
  }

  pack(result: UnlistedResult & { planProof?: PlanProof }): WireResult {
    if (!("recommendation" in result)) return { failure: result.failure };
    const r = result.recommendation;
    const proof = result.planProof;
    const risks: Record<string, WireList> = {};
    for (const [risk, actions] of Object.entries(r.removedRisks)) risks[risk] = this.encode(actions);
    const recommendation = {
      ...r,
      removedActions: r.removedActions.toData(),
      removedRisks: risks,
    } as Extract<WireResult, { recommendation: unknown }>["recommendation"];
    for (const list of LISTS) recommendation[list] = this.encode(r[list]);
    if (!proof) return { recommendation };
    return { recommendation, planProof: { ...proof, removedActions: proof.removedActions.toData() } };
  }

  unpack(wire: WireResult): RecommendResult {
    if (!("recommendation" in wire)) return { failure: wire.failure };
    const w = wire.recommendation;
    const risks: Record<string, string[]> = {};
    for (const [risk, actions] of Object.entries(w.removedRisks)) risks[risk] = this.decode(actions);
    const removed = ActionSet.fromData(w.removedActions);
    if (removed.size !== this.catalog.size) throw new RangeError("removed actions of another catalog");
    const removedActions = compressByService(this.catalog, removed);
    const recommendation = { ...w, removedActions, removedRisks: risks } as unknown as Recommendation;
    for (const list of LISTS) recommendation[list] = this.decode(w[list]);
    const proof = wire.planProof;
    if (!proof) return { recommendation };
    const proofRemoved = ActionSet.fromData(proof.removedActions);
    if (proofRemoved.size !== this.catalog.size) throw new RangeError("removed actions of another catalog");
    return { recommendation, planProof: { ...proof, removedActions: proofRemoved } };
  }

  private encode(list: string[]): WireList {
    const codes = new Int32Array(list.length);
    const spellings = this.spellings;
    // A list in the spellings' order (sorted keys mostly are) is matched by a
    // walk that jumps to each name's service and steps within it; a name the walk misses is
    // looked up, and a name no code stands for sends the list as strings.
    let cursor = 0;
    for (let i = 0; i < list.length; i++) {
      const spelling = list[i]!;
      let code = -1;
      if (spellings[cursor] === spelling) code = cursor;
      else {
        const service = this.services.get(spelling.slice(0, spelling.indexOf(":")));
        if (service !== undefined) {
          let at = cursor > service.start && cursor < service.end ? cursor : service.start;
          while (at < service.end && spellings[at] !== spelling) at++;
          if (at < service.end) code = at;
        }
        if (code < 0) code = this.codes.get(spelling) ?? -1;
        if (code < 0) return list;
      }
      codes[i] = code;
      cursor = code + 1;
    }
    return codes;
  }

  private decode(list: WireList): string[] {
    if (Array.isArray(list)) return list;
    const out = new Array<string>(list.length);
    for (let i = 0; i < list.length; i++) out[i] = this.spellings[list[i]!]!;
    return out;
  }
}
