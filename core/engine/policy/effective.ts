import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";
import type { CompiledStatement } from "./compile.js";
import { everyResource } from "./every-resource.js";
import type { PrincipalPermissions } from "./principal-permissions.js";

/**
 * What a principal may do, per catalog action, as bitsets:
 * - `possible`: allowed on some resource under some conditions; an action outside it is never allowed.
 * - `unconditional`: allowed on every resource, with no condition and no Deny that could touch it.
 * - `conditional`: possible, but only when some condition holds.
 * - `resourceScoped`: possible, but only on some resources (patterns that name every resource of
 *   an action, `*` or not, are not a scope); `resourceScopedIn(account)` the same where patterns
 *   naming every resource of the principal's own account are not one either.
 * - `denied`: explicitly denied on every resource, unconditionally.
 */
export interface EffectivePermissions {
  possible: ActionSet;
  unconditional: ActionSet;
  conditional: ActionSet;
  resourceScoped: ActionSet;
  resourceScopedIn(account: string): ActionSet;
  denied: ActionSet;
}

interface Grants {
  any: ActionSet;
  full: ActionSet;
  noCondition: ActionSet;
}

/**
 * Set algebra over compiled statements, following the evaluation logic: each layer (identity
 * policies; the boundary; each SCP level) must allow, and Deny statements from any layer subtract.
 * Deny is applied conservatively in both directions: only an unconditional Deny on all resources
 * removes an action from `possible`, and any Deny that could touch an action removes it from
 * `unconditional`.
 */
export function computeEffective(permissions: PrincipalPermissions): EffectivePermissions {
  const { catalog, statements } = permissions;
  const layers: CompiledStatement[][] = [statements.filter((s) => s.layer === "identity")];
  if (permissions.hasBoundary) layers.push(statements.filter((s) => s.layer === "boundary"));
  for (let level = 0; level < permissions.scpLevels; level++) {
    layers.push(statements.filter((s) => s.layer === "scp" && s.level === level));
  }
  const grants = layers.map((layer) =>
    grantsOf(
      permissions,
      layer.filter((s) => s.statement.effect === "Allow"),
    ),
  );
  // The grants are this function's own and each kind is read once: intersected in place, not copied.
  const intersect = (pick: (g: Grants) => ActionSet) => {
    const out = pick(grants[0]!);
    for (const g of grants.slice(1)) out.intersectInPlace(pick(g));
    return out;
  };
  const denyFull = catalog.emptySet();
  const denyAny = catalog.emptySet();
  const denyConditional = catalog.emptySet();
  const denyScoped = catalog.emptySet();
  for (const s of statements) {
    if (s.statement.effect !== "Deny") continue;
    denyAny.unionInPlace(s.reach);
    if (s.conditional) denyConditional.unionInPlace(s.reach);
    if (!s.allResources) denyScoped.unionInPlace(s.reach);
    if (s.allResources && !s.conditional) denyFull.unionInPlace(s.actions);
  }
  const possible = intersect((g) => g.any).minusInPlace(denyFull);
  const unconditional = intersect((g) => g.full).minusInPlace(denyAny);
  const conditional = possible.minus(intersect((g) => g.noCondition).minusInPlace(denyConditional));
  // Only the detectors read it, and it walks Resource patterns against ARN formats: on demand.
  let resourceScoped: ActionSet | undefined;
  const scopedIn = new Map<string, ActionSet>();
  return {
    possible,
    unconditional,
    conditional,
    get resourceScoped() {
      resourceScoped ??= possible.minus(everywhere(catalog, layers).minusInPlace(denyScoped));
      return resourceScoped;
    },
    resourceScopedIn(account) {
      let scoped = scopedIn.get(account);
      if (!scoped) {
        scoped = possible.minus(everywhere(catalog, layers, account).minusInPlace(denyScoped));
        scopedIn.set(account, scoped);
      }
      return scoped;
    },
    denied: denyFull,
  };
}

/**
 * What every layer allows on every resource: Resource patterns that name every resource of an
 * action count here as `*` does, as a grant on `arn:aws:s3:::*\/*` is no more scoped than one on
 * `*` (every-resource.ts). `full` keeps to `*`.
 */
function everywhere(catalog: Catalog, layers: readonly CompiledStatement[][], account?: string): ActionSet {
  let out: ActionSet | undefined;
  for (const layer of layers) {
    const granted = catalog.emptySet();
    for (const s of layer)
      if (s.statement.effect === "Allow") granted.unionInPlace(everyResource(catalog, s, account));
    out = out ? out.intersectInPlace(granted) : granted;
  }
  return out ?? catalog.emptySet();
}

function grantsOf(permissions: PrincipalPermissions, allows: CompiledStatement[]): Grants {
  const { catalog } = permissions;
  const grants: Grants = {
    any: catalog.emptySet(),
    full: catalog.emptySet(),
    noCondition: catalog.emptySet(),
  };
  for (const s of allows) {
    grants.any.unionInPlace(s.reach);
    if (!s.conditional) grants.noCondition.unionInPlace(s.reach);
    if (s.allResources && !s.conditional) grants.full.unionInPlace(s.reach);
  }
  return grants;
}
