import { NO_LIST, PACKED_FORMAT, type PackedCatalog, type PackedService } from "./packed.js";
import { ACCESS_LEVELS, type CatalogData, type RawConditionKey, type RawService } from "./types.js";

// One collator for every comparison: `localeCompare(b, "en")` would build one per call, and
// ECMA-402 defines both as the same ordering.
const byName = new Intl.Collator("en").compare;

/**
 * Sorts, resolves and deduplicates the published data into its packed form, one service at a time:
 * a reader can hand over each service's files and drop them, instead of holding all at once.
 */
export class CatalogPacker {
  private readonly strings = new Interner<string>((s) => s);
  private readonly lists = new Interner<number[]>((l) => l.join());
  private readonly refs = new Interner<number[]>((r) => r.join());
  private readonly refLists = new Interner<number[]>((r) => r.join());
  private readonly services: PackedService[] = [];
  private readonly conditionKeys: number[] = [];
  private readonly templatedConditionKeys: number[] = [];
  private lastPrefix = "";

  constructor(private readonly version: string) {}

  /** Services come in prefix order, as their actions take consecutive ids. */
  addService(prefix: string, raw: RawService): void {
    if (prefix <= this.lastPrefix) throw new Error(`catalog services out of order: ${prefix}`);
    this.lastPrefix = prefix;
    const resourceTypes = Object.values(raw.resourceTypes).flatMap((rt) => [
      this.str(rt.key),
      this.str(rt.arn),
      this.list(rt.conditionKeys),
    ]);
    const actions: number[] = [];
    for (const action of Object.values(raw.actions).sort((a, b) => byName(a.name, b.name))) {
      const resources = action.resourceTypes.map((rt) =>
        this.refs.id([
          this.str(rt.name),
          rt.required ? 1 : 0,
          this.str(arnFormat(raw, rt.name)),
          this.list(rt.conditionKeys),
          this.list(rt.dependentActions),
        ]),
      );
      actions.push(this.str(action.name), accessLevel(action.accessLevel), this.list(action.conditionKeys));
      actions.push(this.list(action.dependentActions), this.refLists.id(resources));
    }
    this.services.push({ prefix: this.str(prefix), name: this.str(raw.name), resourceTypes, actions });
    this.addConditionKeys(Object.values(raw.conditionKeys));
  }

  /** The packed catalog; global condition keys register after every service's. */
  finish(globalConditionKeys: readonly RawConditionKey[]): PackedCatalog {
    this.addConditionKeys(globalConditionKeys);
    return {
      format: PACKED_FORMAT,
      version: this.version,
      strings: this.strings.values,
      lists: this.lists.values,
      resourceRefs: this.refs.values.flat(),
      resourceLists: this.refLists.values,
      services: this.services,
      conditionKeys: this.conditionKeys,
      templatedConditionKeys: this.templatedConditionKeys,
    };
  }

  private addConditionKeys(keys: readonly RawConditionKey[]): void {
    for (const { key, type } of keys) {
      // Templated keys (`aws:RequestTag/${TagKey}`, `kms:EncryptionContext:${Key}`, `s3:ExistingObjectTag/<key>`)
      // match any name with the same prefix.
      const template = /\$\{|<|tag-key|\.\+/.exec(key);
      if (template && template.index > 0) {
        const prefix = key.slice(0, template.index).toLowerCase();
        this.templatedConditionKeys.push(this.str(prefix), this.str(key), this.str(type));
      } else {
        this.conditionKeys.push(this.str(key), this.str(type));
      }
    }
  }

  private str(s: string): number {
    return this.strings.id(s);
  }

  private list(l: readonly string[] | undefined): number {
    return l ? this.lists.id(l.map((s) => this.str(s))) : NO_LIST;
  }
}

/** The packed form of data already read whole. */
export function packCatalogData(data: CatalogData): PackedCatalog {
  const packer = new CatalogPacker(data.version);
  for (const prefix of Object.keys(data.services).sort()) packer.addService(prefix, data.services[prefix]!);
  return packer.finish(data.globalConditionKeys);
}

function arnFormat(raw: RawService, resourceType: string): string {
  return raw.resourceTypes[resourceType.toLowerCase()]?.arn ?? raw.resourceTypes[resourceType]?.arn ?? "*";
}

/**
 * The catalog lists some actions as "Permissions management, Write" or "Tagging, Write"; the
 * more specific level is the one the AWS documentation tables show first, so it wins.
 */
function accessLevel(raw: string): number {
  const first = raw.split(",")[0]!.trim().toLowerCase();
  const level = ACCESS_LEVELS.findIndex((l) => l.toLowerCase() === first);
  if (level < 0) throw new Error(`unknown access level in catalog: ${raw}`);
  return level;
}

/** Dense ids for distinct values, in first-seen order. */
class Interner<T> {
  readonly values: T[] = [];
  private readonly ids = new Map<string, number>();

  constructor(private readonly keyOf: (value: T) => string) {}

  id(value: T): number {
    const key = this.keyOf(value);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.push(value) - 1;
      this.ids.set(key, id);
    }
    return id;
  }
}
