import { patternCovers } from "../policy/covers.js";
import type { PrincipalPermissions } from "../policy/principal-permissions.js";
import { createdRestApis } from "./created-apis.js";
import { createdContainer } from "./created-resources.js";
import { publishedVersions } from "./published-versions.js";
import type { ObservedAction } from "./types.js";

/**
 * The resources the principal's own calls created, each with its container (createdContainer) and
 * whether its calls created more than one resource there. A tag put on one as it is created (`tags`
 * on CreateFunction, `x-amz-tagging` on PutObject) is authorized on it too, and the next run's tags
 * go on the next run's new name; so do the reads, writes and permission changes of a job seen
 * creating a new one each run (the targets put on its new rule), unlike those of a resource created
 * once and used since. The versions of a resource the principal publishes (a layer's) count as
 * created in it, and so do the REST APIs of a principal that creates them (created-apis.ts).
 */
export type CreatedResources = ReadonlyMap<string, CreatedResource>;

export interface CreatedResource {
  container: string;
  repeated: boolean;
  /** The action whose call created it (absent for a version a publishing call made). */
  by?: string;
}

/** The resources the observed calls created, each with its container. */
export function createdResources(
  current: PrincipalPermissions,
  observed: readonly ObservedAction[],
): CreatedResources {
  const created = new Map<string, CreatedResource>();
  // Counted by the action that created them: two different one-off creations in one container (a
  // restore drill's table beside a point-in-time restore's) are not one job's runs.
  // Names told apart by case alone count once: IAM's and RDS's names are one resource in any case
  // (a role `Deployer` created again as `deployer`), and no job's next name differs only so.
  const made = new Map<string, Set<string>>();
  const by = new Map<string, string>();
  // Names that differ only in their numbers (`run-1`, `run-2`) are one series, whichever creating
  // call made each: a job alternating CreateTable and RestoreTableFromBackup makes a new table each
  // run as surely as one calling either alone. Names unlike each other (`reports`, `reports-all`)
  // made by different calls stay one-offs.
  const series = new Map<string, Set<string>>();
  const seriesOf = new Map<string, string>();
  for (const o of observed) {
    // A creation only inferred (the replica an UpdateTable adds, named for its source table) is
    // no job's new name: the calls on it stay on it.
    const action = o.count > 0 && !o.inferred ? current.catalog.action(o.action) : undefined;
    if (!action) continue;
    for (const resource of o.resources) {
      if (o.inferredResources?.includes(resource)) continue;
      const container = createdContainer(current.catalog, action, resource);
      if (!container || created.has(resource)) continue;
      created.set(resource, { container, repeated: false, by: action.key });
      const key = `${action.key} ${container}`;
      by.set(resource, key);
      const names = made.get(key);
      if (names) names.add(resource.toLowerCase());
      else made.set(key, new Set([resource.toLowerCase()]));
      const shape = `${container} ${resource
        .slice(container.length - 1)
        .toLowerCase()
        .replace(DIGITS, "0")}`;
      seriesOf.set(resource, shape);
      const members = series.get(shape);
      if (members) members.add(resource.toLowerCase());
      else series.set(shape, new Set([resource.toLowerCase()]));
    }
  }
  for (const [resource, entry] of created)
    entry.repeated =
      (made.get(by.get(resource)!)?.size ?? 0) > 1 || (series.get(seriesOf.get(resource)!)?.size ?? 0) > 1;
  for (const [resource, entry] of publishedVersions(observed))
    if (!created.has(resource)) created.set(resource, entry);
  for (const [resource, entry] of createdRestApis(observed))
    if (!created.has(resource)) created.set(resource, entry);
  namedByArn(created, observed);
  return created;
}

const DIGITS = /\d+/g;
const RANDOM_SUFFIX = /^[^*?]*-\?{6}$/;

/**
 * A resource created by name is known by a pattern where its ARN holds characters AWS picks: a
 * secret's ARN ends in `NAME-` and six random characters (`NAME-??????`), which the creating record
 * does not show. The calls that then name it by the ARN CreateSecret answered name the same
 * resource: each such ARN is entered as that resource.
 */
function namedByArn(created: Map<string, CreatedResource>, observed: readonly ObservedAction[]) {
  const patterns = [...created].filter(([resource]) => RANDOM_SUFFIX.test(resource));
  if (patterns.length === 0) return;
  for (const o of observed) {
    if (o.count <= 0) continue;
    for (const resource of o.resources) {
      if (created.has(resource) || resource.includes("?") || resource.includes("*")) continue;
      const made = patterns.find(([pattern]) => patternCovers(pattern, resource));
      if (made) created.set(resource, made[1]);
    }
  }
}
