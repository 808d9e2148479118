import { ActionSet } from "./action-set.js";
import { packCatalogData } from "./pack.js";
import { isPackedCatalog, type PackedCatalog, unpackCatalog } from "./packed.js";
import type { ActionInfo, CatalogData, ConditionKeyInfo, ServiceInfo } from "./types.js";

/**
 * The IAM action catalog, indexed once per process. Lookups are case-insensitive, as IAM treats
 * service prefixes, action names and condition key names.
 */
export class Catalog {
  readonly version: string;
  readonly actions: readonly ActionInfo[];
  readonly services: readonly ServiceInfo[];
  /** Each action's key by id, in one dense list: listing thousands of keys reads no action record. */
  readonly actionKeys: readonly string[];
  /**
   * Each service's `svc:*` spelling, by its index in `services`: an admin's removed actions name
   * hundreds of whole services, and every principal's list would otherwise hold copies of its own.
   */
  readonly serviceWildcards: readonly string[];
  private readonly byPrefix = new Map<string, ServiceInfo>();
  private readonly conditionKeys = new Map<string, ConditionKeyInfo>();
  private readonly templatedConditionKeys: { prefix: string; info: ConditionKeyInfo }[] = [];
  /** Per service, its actions by lower-case name: built on the service's first lookup, as most runs look up few services. */
  private readonly byName = new Map<ServiceInfo, Map<string, ActionInfo>>();
  /** Actions under their own key's spelling, as most lookups ask: found without a lower-case copy. */
  private readonly bySpelling = new Map<string, ActionInfo>();
  /** Each action's place among the keys in string order, and the keys in that order: built on first use. */
  private keyOrder: { rank: Int32Array; sorted: readonly string[] } | undefined;

  /** From the published data, or from its packed form (cheaper: already sorted and deduplicated). */
  constructor(data: CatalogData | PackedCatalog) {
    const packed = isPackedCatalog(data) ? data : packCatalogData(data);
    const { actions, services } = unpackCatalog(packed);
    this.version = packed.version;
    this.actions = actions;
    this.services = services;
    this.actionKeys = actions.map((a) => a.key);
    this.serviceWildcards = services.map((s) => `${s.prefix}:*`);
    for (const action of actions) this.bySpelling.set(action.key, action);
    for (const service of services) this.byPrefix.set(service.prefix.toLowerCase(), service);
    const { strings, conditionKeys: exact, templatedConditionKeys: templated } = packed;
    for (let i = 0; i < exact.length; i += 2) {
      const key = strings[exact[i]!]!;
      this.conditionKeys.set(key.toLowerCase(), { key, type: strings[exact[i + 1]!]! });
    }
    for (let i = 0; i < templated.length; i += 3) {
      const info = { key: strings[templated[i + 1]!]!, type: strings[templated[i + 2]!]! };
      this.templatedConditionKeys.push({ prefix: strings[templated[i]!]!, info });
    }
  }

  get size(): number {
    return this.actions.length;
  }

  /** `s3:getobject` → the catalog action, or undefined when IAM has no such action. */
  action(name: string): ActionInfo | undefined {
    const known = this.bySpelling.get(name);
    if (known) return known;
    const lower = name.toLowerCase();
    const colon = lower.indexOf(":");
    const service = colon < 0 ? undefined : this.byPrefix.get(lower.slice(0, colon));
    return service && this.namesOf(service).get(lower.slice(colon + 1));
  }

  service(prefix: string): ServiceInfo | undefined {
    return this.byPrefix.get(prefix.toLowerCase());
  }

  serviceOf(action: ActionInfo): ServiceInfo {
    return this.byPrefix.get(action.service.toLowerCase())!;
  }

  /** Condition key metadata; keys with a `/${TagKey}`-style suffix match any suffix. */
  conditionKey(name: string): ConditionKeyInfo | undefined {
    const lower = name.toLowerCase();
    const exact = this.conditionKeys.get(lower);
    if (exact) return exact;
    return this.templatedConditionKeys.find(
      (t) => lower.startsWith(t.prefix) && lower.length > t.prefix.length,
    )?.info;
  }

  emptySet(): ActionSet {
    return ActionSet.empty(this.size);
  }

  fullSet(): ActionSet {
    return ActionSet.full(this.size);
  }

  /** Catalog keys of the members of a set, in catalog order. */
  keys(set: ActionSet): string[] {
    return [...set.ids()].map((id) => this.actions[id]!.key);
  }

  /**
   * `catalog.keys(set).sort()`, without comparing strings: the catalog's order is by service, then
   * name, which is not string order (`account:X` sorts after `account-access:Y`), so members are
   * placed by their rank in string order instead. A recommendation lists hundreds of keys this way.
   */
  sortedKeys(set: ActionSet): string[] {
    if (!this.keyOrder) {
      // Keys are unique: the plain sort (far cheaper than one with a comparator) gives the order.
      const sorted = [...this.actionKeys].sort();
      const rank = new Int32Array(sorted.length);
      for (let r = 0; r < sorted.length; r++) rank[this.bySpelling.get(sorted[r]!)!.id] = r;
      this.keyOrder = { rank, sorted };
    }
    const { rank, sorted } = this.keyOrder;
    // The members' ranks, sorted as numbers: a set of ranks would grow its run word by word.
    const ranks = new Int32Array(set.count());
    let n = 0;
    for (const id of set.ids()) ranks[n++] = rank[id]!;
    ranks.sort();
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = sorted[ranks[i]!]!;
    return out;
  }

  private namesOf(service: ServiceInfo): Map<string, ActionInfo> {
    let names = this.byName.get(service);
    if (!names) {
      names = new Map();
      for (let id = service.first; id < service.end; id++) {
        names.set(this.actions[id]!.name.toLowerCase(), this.actions[id]!);
      }
      this.byName.set(service, names);
    }
    return names;
  }
}
