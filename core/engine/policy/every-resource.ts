import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { PARTITIONS } from "./arn.js";
import { BoundedCache, BoundedPairCache } from "./bounded-cache.js";
import type { CompiledStatement } from "./compile.js";
import { patternCovers } from "./covers.js";
import { PATTERN_CACHE_LIMIT } from "./glob.js";
import type { Statement } from "./types.js";

const covered = new BoundedPairCache<boolean>(PATTERN_CACHE_LIMIT);

/** Whether a Resource pattern names every resource of an ARN format (`arn:aws:s3:::*\/*` for objects). */
export function patternCoversFormat(pattern: string, format: string): boolean {
  const known = covered.get(pattern, format);
  if (known !== undefined) return known;
  const open = format.replace(/\$\{(?!Partition\})[^}]*\}/g, "*");
  // A pattern that names every resource of a format in one partition names all an account there
  // can name: ARNs of other partitions never apply to it.
  const answer = PARTITIONS.some((p) => patternCovers(pattern, open.replaceAll("${Partition}", p)));
  return covered.set(pattern, format, answer);
}

/**
 * Whether a Resource pattern names every ARN of a partition (`arn:*`, `arn:aws:*:*:*:*`): every
 * resource an account there can name, as `*` does, though IAM grants the actions that support no
 * resource-level permissions only through `*` itself.
 */
export function patternNamesEveryArn(pattern: string): boolean {
  const known = everyArn.get(pattern);
  if (known !== undefined) return known;
  return everyArn.set(
    pattern,
    PARTITIONS.some((p) => patternCovers(pattern, `arn:${p}:*:*:*:*`)),
  );
}

/** Asked of every Resource pattern of every principal's Allow statements. */
const everyArn = new BoundedCache<boolean>(PATTERN_CACHE_LIMIT);

/**
 * For a Resource list without `*`: whether it names every resource the action acts on. Such a list
 * grants the action as `"Resource": "*"` does, for what the detectors report (`s3:GetObject` on
 * `arn:aws:s3:::*\/*`). Every type the action requires must be named wholly; an action that
 * requires none takes each of its types as another way to name its resources (an object, or the
 * same object through an access point), so one named wholly is enough. Actions without
 * resource-level permissions are granted by `*` alone, so no pattern list names all of theirs.
 */
export function everyResourceOf(patterns: readonly string[]): (action: ActionInfo) => boolean {
  const byFormat = new Map<string, boolean>();
  const whole = (format: string) => {
    let hit = byFormat.get(format);
    if (hit === undefined) {
      hit = patterns.some((p) => patternCoversFormat(p, format));
      byFormat.set(format, hit);
    }
    return hit;
  };
  return (action) => {
    if (action.wildcardOnly || action.resourceTypes.length === 0) return false;
    const required = action.resourceTypes.filter((rt) => rt.required);
    return required.length > 0
      ? required.every((rt) => whole(rt.arnFormat))
      : action.resourceTypes.some((rt) => whole(rt.arnFormat));
  };
}

/** Per parsed statement, as its reach is: only the detectors ask, so it is worked out on demand. */
const everyByStatement = new WeakMap<Catalog, WeakMap<Statement, ActionSet>>();

/**
 * The actions of a compiled statement's reach whose every resource its Resource element names,
 * `*` or not (`arn:aws:s3:::*\/*` for `s3:GetObject`): what the detectors count as granted
 * everywhere. The proofs keep to `allResources`: such a pattern names one partition only.
 */
export function everyResource(catalog: Catalog, s: CompiledStatement): ActionSet {
  if (s.allResources) return s.reach;
  let known = everyByStatement.get(catalog);
  if (!known) {
    known = new WeakMap();
    everyByStatement.set(catalog, known);
  }
  let every = known.get(s.statement);
  if (!every) {
    every = catalog.emptySet();
    if (!s.statement.notResource && !s.reach.isEmpty()) {
      const covers = everyResourceOf(s.statement.resources ?? []);
      for (const id of s.reach.ids()) if (covers(catalog.actions[id]!)) every.add(id);
    }
    known.set(s.statement, every);
  }
  return every;
}
