import type { Catalog } from "../catalog/catalog.js";
import type { ActionInfo } from "../catalog/types.js";
import { BoundedPairCache } from "./bounded-cache.js";
import { patternCoversFormat } from "./every-resource.js";
import { PATTERN_CACHE_LIMIT } from "./glob.js";

const reaching = new BoundedPairCache<boolean>(PATTERN_CACHE_LIMIT);

/**
 * Whether a Deny's Resource pattern may apply to an action that supports no resource-level
 * permissions. Evaluation asks such an action of `*`, which no ARN pattern matches; yet AWS grants
 * s3:ListAllMyBuckets on `arn:aws:s3:::*`
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/walkthrough1.html), so a Deny written there
 * denies it as well. Which resource AWS checks such an action against is not documented: a pattern
 * naming every resource of one of the service's resource types may name it, and a Deny on one is
 * taken as perhaps applying, never as certainly not.
 */
export function denyMayReachWildcardOnly(catalog: Catalog, action: ActionInfo, pattern: string): boolean {
  const service = catalog.serviceOf(action);
  const known = reaching.get(pattern, service.prefix);
  if (known !== undefined) return known;
  let hit = false;
  for (const type of service.resourceTypes.values()) {
    if (patternCoversFormat(pattern, type.arn)) {
      hit = true;
      break;
    }
  }
  return reaching.set(pattern, service.prefix, hit);
}
