import { ActionSet } from "./action-set.js";
import {
  ACCESS_LEVELS,
  type AccessLevel,
  type ActionInfo,
  type CatalogData,
  type ConditionKeyInfo,
  type RawService,
  type ServiceInfo,
} from "./types.js";

/**
 * The IAM action catalog, indexed once per process. Lookups are case-insensitive, as IAM treats
 * service prefixes, action names and condition key names.
 */
export class Catalog {
  readonly version: string;
  readonly actions: readonly ActionInfo[];
  readonly services: readonly ServiceInfo[];
  private readonly byKey = new Map<string, ActionInfo>();
  /** Keys as the catalog spells them: most lookups pass a catalog key, and need no lower-case copy. */
  private readonly bySpelling = new Map<string, ActionInfo>();
  private readonly byPrefix = new Map<string, ServiceInfo>();
  private readonly conditionKeys = new Map<string, ConditionKeyInfo>();
  private readonly templatedConditionKeys: { prefix: string; info: ConditionKeyInfo }[] = [];

  constructor(data: CatalogData) {
    this.version = data.version;
    const actions: ActionInfo[] = [];
    const services: ServiceInfo[] = [];
    for (const prefix of Object.keys(data.services).sort()) {
      const raw = data.services[prefix]!;
      const first = actions.length;
      for (const action of buildActions(prefix, raw, first)) actions.push(action);
      const service: ServiceInfo = {
        prefix,
        name: raw.name,
        first,
        end: actions.length,
        resourceTypes: new Map(Object.values(raw.resourceTypes).map((rt) => [rt.key, rt])),
      };
      services.push(service);
      this.byPrefix.set(prefix.toLowerCase(), service);
      for (const key of Object.values(raw.conditionKeys)) this.addConditionKey(key);
    }
    for (const key of data.globalConditionKeys) this.addConditionKey(key);
    for (const action of actions) this.byKey.set(action.key.toLowerCase(), action);
    for (const action of actions)
      if (this.byKey.get(action.key.toLowerCase()) === action) this.bySpelling.set(action.key, action);
    this.actions = actions;
    this.services = services;
  }

  get size(): number {
    return this.actions.length;
  }

  /** `s3:getobject` → the catalog action, or undefined when IAM has no such action. */
  action(name: string): ActionInfo | undefined {
    return this.bySpelling.get(name) ?? this.byKey.get(name.toLowerCase());
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

  private addConditionKey(key: { key: string; type: string }): void {
    const info = { key: key.key, type: key.type };
    // Templated keys (`aws:RequestTag/${TagKey}`, `kms:EncryptionContext:${Key}`, `s3:ExistingObjectTag/<key>`)
    // match any name with the same prefix.
    const template = /\$\{|<|tag-key|\.\+/.exec(key.key);
    if (template && template.index > 0) {
      this.templatedConditionKeys.push({ prefix: key.key.slice(0, template.index).toLowerCase(), info });
    } else {
      this.conditionKeys.set(key.key.toLowerCase(), info);
    }
  }
}

function buildActions(prefix: string, raw: RawService, first: number): ActionInfo[] {
  const names = Object.values(raw.actions).sort((a, b) => a.name.localeCompare(b.name, "en"));
  return names.map((action, i) => ({
    id: first + i,
    service: prefix,
    name: action.name,
    key: `${prefix}:${action.name}`,
    accessLevel: accessLevel(action.accessLevel),
    resourceTypes: action.resourceTypes.map((rt) => ({
      name: rt.name,
      required: rt.required,
      arnFormat: raw.resourceTypes[rt.name.toLowerCase()]?.arn ?? raw.resourceTypes[rt.name]?.arn ?? "*",
      conditionKeys: rt.conditionKeys,
      dependentActions: rt.dependentActions,
    })),
    conditionKeys: action.conditionKeys,
    dependentActions: action.dependentActions,
    wildcardOnly: action.resourceTypes.length === 0,
  }));
}

/**
 * The catalog lists some actions as "Permissions management, Write" or "Tagging, Write"; the
 * more specific level is the one the AWS documentation tables show first, so it wins.
 */
function accessLevel(raw: string): AccessLevel {
  const first = raw.split(",")[0]!.trim();
  const level = ACCESS_LEVELS.find((l) => l.toLowerCase() === first.toLowerCase());
  if (!level) throw new Error(`unknown access level in catalog: ${raw}`);
  return level;
}
