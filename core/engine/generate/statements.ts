import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import type { CompiledStatement } from "../policy/compile.js";
import { expandActionPattern } from "../policy/expand.js";
import { sortedUnique } from "../policy/generalize.js";
import { type ConditionBlock, conditionBlock } from "./grants.js";
import type { GeneratedStatement } from "./types.js";

/** One kept permission: an action on a resource pattern, under the conditions of the grant it came from. */
export interface KeptGrant {
  action: ActionInfo;
  pattern: string;
  conditions?: ConditionBlock;
  /**
   * A grant kept as written with NotResource (pattern `*`): every resource but these, which no
   * list of patterns can say.
   */
  notResource?: readonly string[];
}

/** What a kept grant is granted under besides its pattern: "null" when nothing. */
export function grantKey(g: KeptGrant): string {
  if (!g.conditions && !g.notResource) return "null";
  return JSON.stringify(g.notResource ? [g.conditions ?? null, g.notResource] : g.conditions);
}

/**
 * Groups kept grants into Allow statements: one per service, condition block and resource set,
 * with sorted actions and resources and Sids stable for the same input (`S3Allow1`, `S3Allow2`...).
 */
export function allowStatements(grants: readonly KeptGrant[]): GeneratedStatement[] {
  type Entry = {
    action: ActionInfo;
    conditions?: ConditionBlock;
    notResource?: readonly string[];
    conditionKey: string;
    /** In grant order, repeats and all: made unique when sorted. */
    patterns: string[];
  };
  // Looked up by action, then (for the few grants with conditions) condition block, without
  // building a key per grant; kept in first-seen order.
  const unconditioned = new Map<ActionInfo, Entry>();
  const byAction = new Map<ActionInfo, Map<string, Entry>>();
  const entries: Entry[] = [];
  for (const g of grants) {
    if (!g.conditions && !g.notResource) {
      let entry = unconditioned.get(g.action);
      if (!entry) {
        entry = { action: g.action, conditionKey: "null", patterns: [] };
        unconditioned.set(g.action, entry);
        entries.push(entry);
      }
      entry.patterns.push(g.pattern);
      continue;
    }
    const conditionKey = grantKey(g);
    let blocks = byAction.get(g.action);
    if (!blocks) {
      blocks = new Map();
      byAction.set(g.action, blocks);
    }
    let entry = blocks.get(conditionKey);
    if (!entry) {
      entry = {
        action: g.action,
        ...(g.conditions ? { conditions: g.conditions } : {}),
        ...(g.notResource ? { notResource: g.notResource } : {}),
        conditionKey,
        patterns: [],
      };
      blocks.set(conditionKey, entry);
      entries.push(entry);
    }
    entry.patterns.push(g.pattern);
  }
  // By service, condition block, then resources joined (one resource is its own key): nested
  // maps, as one key joined from all three is a new string to flatten and hash per entry.
  const groups = new Map<string, Map<string, Map<string, Group>>>();
  const created: Group[] = [];
  for (const entry of entries) {
    const resources = sortedUnique(entry.patterns);
    const service = entry.action.service;
    let byCondition = groups.get(service);
    if (!byCondition) {
      byCondition = new Map();
      groups.set(service, byCondition);
    }
    let byResources = byCondition.get(entry.conditionKey);
    if (!byResources) {
      byResources = new Map();
      byCondition.set(entry.conditionKey, byResources);
    }
    const joined = resources.length === 1 ? resources[0]! : resources.join("\u0001");
    let group = byResources.get(joined);
    if (!group) {
      group = {
        service,
        conditions: entry.conditions,
        notResource: entry.notResource,
        conditionKey: entry.conditionKey,
        resources,
        // The sort below compares these often: joined once here.
        resourceKey: resources.join(),
        // Most statements name one action: a list of one, not one grown by push with room for 17.
        actions: [entry.action.key],
      };
      byResources.set(joined, group);
      created.push(group);
    } else group.actions.push(entry.action.key);
  }
  // Equal strings compare equal without asking the collator, as most pairs share a service and
  // most groups a condition block.
  const compare = (a: string, b: string) => (a === b ? 0 : a.localeCompare(b));
  const ordered = created.sort(
    (a, b) =>
      compare(a.service, b.service) ||
      compare(a.resourceKey, b.resourceKey) ||
      compare(a.conditionKey, b.conditionKey),
  );
  const counters = new Map<string, number>();
  const out: GeneratedStatement[] = [];
  for (const g of ordered) {
    const n = (counters.get(g.service) ?? 0) + 1;
    counters.set(g.service, n);
    const Sid = allowSid(g.service, n);
    const Action = g.actions.sort();
    // Written field by field, in the order the text shows them.
    const statement: GeneratedStatement = g.notResource
      ? { Sid, Effect: "Allow", Action, NotResource: [...g.notResource] }
      : { Sid, Effect: "Allow", Action, Resource: g.resources };
    if (g.conditions) statement.Condition = g.conditions;
    out.push(statement);
  }
  return out;
}

/** Kept grants of one service, condition block and resource set: one Allow statement. */
interface Group {
  service: string;
  conditions: ConditionBlock | undefined;
  notResource: readonly string[] | undefined;
  conditionKey: string;
  resources: string[];
  resourceKey: string;
  actions: string[];
}

/**
 * The principal's own Deny statements all travel into the new policy unchanged, so nothing they
 * forbid today becomes allowed — not even an action AWS adds later under a wildcard. One that
 * touches no kept action still guards what a resource-based policy grants the principal without
 * any identity Allow (a bucket policy open to the organization, a trust policy naming the role),
 * which the snapshot does not hold; and one touching what its groups allow would leave their Allow
 * unopposed. A group's Deny, which stays where it is, travels only when it touches a kept action
 * (the proofs ask for it there); a NotAction one is written as the list of actions it covers, as
 * it need guard only the new policy's own Allows, which name catalog actions.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 */
export function carriedDenies(
  catalog: Catalog,
  denies: readonly CompiledStatement[],
  kept: ReadonlySet<number>,
  /** The sources of the policies a user keeps through its groups. */
  retained?: ReadonlySet<string>,
): GeneratedStatement[] {
  return denies.flatMap((d, i) => {
    const own = !retained?.has(d.source);
    const touched = own ? [] : [...d.reach.ids()].filter((id) => kept.has(id));
    if (!own && touched.length === 0) return [];
    const verbatim = !d.statement.notAction || own;
    const actions = verbatim ? [...d.statement.actions] : deniedByService(catalog, d.actions, touched);
    const { resources, notResource } = d.statement;
    const condition = conditionBlock(d.statement);
    const statement: GeneratedStatement = {
      Sid: `KeepDeny${i + 1}`,
      Effect: "Deny",
      ...(d.statement.notAction && verbatim ? { NotAction: actions.sort() } : { Action: actions.sort() }),
      ...(notResource ? { NotResource: [...(resources ?? [])] } : { Resource: [...(resources ?? ["*"])] }),
      ...(condition ? { Condition: condition } : {}),
    };
    return [statement];
  });
}

/**
 * A NotAction Deny as a list, service by service for the services of its touched actions: `svc:*`
 * where it covers the service whole, else the wildcards whose every action it denies (compressActions
 * over all it denies there). A wildcard denies exactly what the NotAction did today, and at most
 * more of what AWS adds later; listing only touched names would write every catalog action for a
 * Deny guarding a group's broad grants (MFA enforcement beside AdministratorAccess).
 */
function deniedByService(catalog: Catalog, denied: ActionSet, touched: readonly number[]): string[] {
  const out: string[] = [];
  const done = new Set<string>();
  for (const id of touched) {
    const service = catalog.service(catalog.actions[id]!.service)!;
    if (done.has(service.prefix)) continue;
    done.add(service.prefix);
    const keys: string[] = [];
    for (let a = service.first; a < service.end; a++) if (denied.has(a)) keys.push(catalog.actions[a]!.key);
    out.push(
      ...(keys.length === service.end - service.first
        ? [`${service.prefix}:*`]
        : compressActions(catalog, keys)),
    );
  }
  return out;
}

/**
 * Opt-in action wildcards: a run of actions becomes `svc:Prefix*` only when every catalog action
 * the wildcard names is already in the statement, so the wildcard grants no more catalog action,
 * and `allowed` accepts it (what it names beyond the catalog: see wildcardGrantedToday).
 */
export function compressActions(
  catalog: Catalog,
  actions: readonly string[],
  allowed: (wildcard: string) => boolean = () => true,
): string[] {
  const remaining = new Set(actions.map((a) => a.toLowerCase()));
  const out: string[] = [];
  for (const action of [...actions].sort()) {
    if (!remaining.has(action.toLowerCase())) continue;
    const [service, name] = action.split(":") as [string, string];
    const candidates = [`${service}:*`, ...prefixes(name).map((p) => `${service}:${p}*`)];
    const chosen = candidates.find((c) => {
      const set = expandActionPattern(catalog, c);
      return (
        set.count() > 1 &&
        [...set.ids()].every((id) => remaining.has(catalog.actions[id]!.key.toLowerCase())) &&
        allowed(c)
      );
    });
    if (chosen) {
      for (const id of expandActionPattern(catalog, chosen).ids())
        remaining.delete(catalog.actions[id]!.key.toLowerCase());
      out.push(chosen);
    } else {
      remaining.delete(action.toLowerCase());
      out.push(action);
    }
  }
  return out.sort();
}

/** `GetObjectTagging` → [`Get`, `GetObject`, `GetObjectTagging`]: word boundaries, shortest first. */
function prefixes(name: string): string[] {
  const cuts: string[] = [];
  for (let i = 1; i < name.length; i++) if (/[A-Z]/.test(name[i]!)) cuts.push(name.slice(0, i));
  return [...cuts, name];
}

/**
 * `S3Allow2`, one string per service and number: every principal's statements carry the same few
 * hundred Sids, and each would otherwise be a string of its own, kept with the policy it names.
 * Services come from the catalog; numbers past SHARED_SIDS (a service split over that many
 * statements) are written afresh, so what is kept stays bounded.
 */
const allowSids = new Map<string, string[]>();
const SHARED_SIDS = 64;

function allowSid(service: string, n: number): string {
  if (n > SHARED_SIDS) return `${pascal(service)}Allow${n}`;
  let sids = allowSids.get(service);
  if (!sids) {
    sids = [];
    allowSids.set(service, sids);
  }
  sids[n] ??= `${pascal(service)}Allow${n}`;
  return sids[n];
}

/** Per service prefix, once: every principal's statements name the same few hundred services. */
const pascalNames = new Map<string, string>();

function pascal(service: string): string {
  let name = pascalNames.get(service);
  if (name === undefined) {
    name = service
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join("");
    pascalNames.set(service, name);
  }
  return name;
}
