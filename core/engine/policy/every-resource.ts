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
 * Given the principal's own account, a type's every resource in that account, in every region,
 * counts as wholly named (`arn:aws:secretsmanager:*:<own account>:secret:*`): another account's
 * resources it reaches only where their own resource policies let it, as they would under `*`.
 */
export function everyResourceOf(
  patterns: readonly string[],
  account?: string,
): (action: ActionInfo) => boolean {
  const byFormat = new Map<string, boolean>();
  const whole = (format: string) => {
    let hit = byFormat.get(format);
    if (hit === undefined) {
      const own =
        account && format.includes("${Account}") ? format.replaceAll("${Account}", account) : undefined;
      hit = patterns.some(
        (p) => patternCoversFormat(p, format) || (own !== undefined && patternCoversFormat(p, own)),
      );
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

/** Per parsed statement and account, as its reach is: only the detectors ask, so it is worked out on demand. */
const everyByStatement = new WeakMap<Catalog, WeakMap<Statement, Map<string, ActionSet>>>();

/**
 * The actions of a compiled statement's reach whose every resource its Resource element names,
 * `*` or not (`arn:aws:s3:::*\/*` for `s3:GetObject`), or, given the principal's own account,
 * every resource of theirs in it: what the detectors count as granted everywhere. The proofs keep
 * to `allResources`: such a pattern names one partition only.
 */
export function everyResource(catalog: Catalog, s: CompiledStatement, account?: string): ActionSet {
  if (s.allResources) return s.reach;
  let known = everyByStatement.get(catalog);
  if (!known) {
    known = new WeakMap();
    everyByStatement.set(catalog, known);
  }
  let byAccount = known.get(s.statement);
  if (!byAccount) {
    byAccount = new Map();
    known.set(s.statement, byAccount);
  }
  let every = byAccount.get(account ?? "");
  if (!every) {
    every = catalog.emptySet();
    if (!s.statement.notResource && !s.reach.isEmpty()) {
      const covers = everyResourceOf(s.statement.resources ?? [], account);
      for (const id of s.reach.ids()) if (covers(catalog.actions[id]!)) every.add(id);
    }
    byAccount.set(account ?? "", every);
  }
  return every;
}
