import type { Catalog } from "../engine/catalog/catalog.js";
import type { GenerateResult } from "../engine/generate/recommend.js";
import type { Recommendation } from "../engine/generate/types.js";

/** A recommendation's lists of action names: thousands of catalog spellings per principal. */
const LISTS = [
  "observedActions",
  "removedActions",
  "unobservableActions",
  "unobservableKept",
  "inferredActions",
] as const;
type List = (typeof LISTS)[number];

/** A list as it crosses threads: numbers standing for catalog spellings, or the strings themselves. */
type WireList = Int32Array | string[];

export type WireResult =
  | { failure: Extract<GenerateResult, { failure: unknown }>["failure"] }
  | {
      recommendation: Omit<Recommendation, List | "removedRisks"> & {
        [K in List]: WireList;
      } & { removedRisks: Record<string, WireList> };
    };

/**
 * Action names as numbers between threads: copying millions of short strings from a thread costs
 * more than computing them there, and every name in these lists is an action's or a service's
 * `svc:*` spelling from the catalog both threads load. A list with any other string travels as it
 * is, so the round trip is exact.
 */
export class ActionListCodec {
  private readonly spellings: string[];
  private readonly codes = new Map<string, number>();

  constructor(catalog: Catalog) {
    this.spellings = [...catalog.actions.map((a) => a.key), ...catalog.services.map((s) => `${s.prefix}:*`)];
    this.spellings.forEach((spelling, code) => {
      if (!this.codes.has(spelling)) this.codes.set(spelling, code);
    });
  }

  pack(result: GenerateResult): WireResult {
    if (!("recommendation" in result)) return result;
    const r = result.recommendation;
    const risks: Record<string, WireList> = {};
    for (const [risk, actions] of Object.entries(r.removedRisks)) risks[risk] = this.encode(actions);
    const recommendation = { ...r, removedRisks: risks } as Extract<
      WireResult,
      { recommendation: unknown }
    >["recommendation"];
    for (const list of LISTS) recommendation[list] = this.encode(r[list]);
    return { recommendation };
  }

  unpack(wire: WireResult): GenerateResult {
    if (!("recommendation" in wire)) return wire;
    const w = wire.recommendation;
    const risks: Record<string, string[]> = {};
    for (const [risk, actions] of Object.entries(w.removedRisks)) risks[risk] = this.decode(actions);
    const recommendation = { ...w, removedRisks: risks } as unknown as Recommendation;
    for (const list of LISTS) recommendation[list] = this.decode(w[list]);
    return { recommendation };
  }

  private encode(list: string[]): WireList {
    const codes = new Int32Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const code = this.codes.get(list[i]!);
      if (code === undefined) return list;
      codes[i] = code;
    }
    return codes;
  }

  private decode(list: WireList): string[] {
    return Array.isArray(list) ? list : Array.from(list, (code) => this.spellings[code]!);
  }
}
