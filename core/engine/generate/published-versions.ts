import type { ObservedAction } from "./types.js";

/**
 * Calls that make a new version of the resource they are authorized on, named by its ARN and a
 * number: `lambda:PublishLayerVersion` on `layer:NAME` makes `layer:NAME:VERSION`, a new one each
 * call; `lambda:PublishVersion` on `function:NAME` makes `function:NAME:VERSION`, which clients
 * "can invoke directly", and which an invocation or a permission naming it is authorized on.
 * https://docs.aws.amazon.com/lambda/latest/api/API_PublishLayerVersion.html
 * https://docs.aws.amazon.com/lambda/latest/api/API_PublishVersion.html
 */
const PUBLISHES_VERSIONS: ReadonlySet<string> = new Set([
  "lambda:PublishLayerVersion",
  "lambda:PublishVersion",
]);

const VERSION = /^:\d+$/;

/**
 * The versions the observed calls name of resources the principal's own calls publish versions of,
 * each with its container (every version of that resource) and whether the calls named more than
 * one: a deploy that publishes its layer's next version and points its function at it, or its
 * function's next version and lets a trigger invoke it, names a new version each run, as a job
 * creating a new resource each run names a new one.
 */
export function publishedVersions(
  observed: readonly ObservedAction[],
): Map<string, { container: string; repeated: boolean }> {
  const out = new Map<string, { container: string; repeated: boolean }>();
  const published = new Set<string>();
  for (const o of observed)
    if (o.count > 0 && !o.inferred && PUBLISHES_VERSIONS.has(o.action))
      for (const resource of o.resources) published.add(resource);
  if (published.size === 0) return out;
  const versions = new Map<string, Set<string>>();
  for (const o of observed) {
    if (o.count <= 0) continue;
    for (const resource of o.resources) {
      const cut = resource.lastIndexOf(":");
      const parent = resource.slice(0, cut);
      if (!published.has(parent) || !VERSION.test(resource.slice(cut))) continue;
      const seen = versions.get(parent);
      if (seen) seen.add(resource);
      else versions.set(parent, new Set([resource]));
    }
  }
  for (const [parent, seen] of versions)
    for (const resource of seen) out.set(resource, { container: `${parent}:*`, repeated: seen.size > 1 });
  return out;
}
