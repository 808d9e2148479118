import { cloudTrailLookupSource } from "../core/aws/cloudtrail-lookup-source.js";
import { cloudTrailS3Source } from "../core/aws/cloudtrail-s3-source.js";
import type { ActivitySource } from "../core/engine/activity/types.js";
import type { AccountClients, Runtime } from "./runtime.js";

/**
 * The live activity of one audit. LookupEvents is read with the audited account's clients; a trail
 * bucket is read with the function's own, since an organization trail lives in one (logging)
 * account, and only the audited account's logs are listed.
 */
export function activitySources(
  runtime: Runtime,
  account: AccountClients,
  accountId?: string,
): ActivitySource[] {
  const { config } = runtime;
  if (config.activity === "trail-bucket" && config.trailBucket) {
    const trail = cloudTrailS3Source({
      s3: runtime.clients.s3,
      bucket: config.trailBucket,
      ...(config.trailPrefix ? { prefix: config.trailPrefix } : {}),
      ...(accountId ? { accounts: [accountId] } : {}),
    });
    return [trail];
  }
  if (config.activity === "lookup-events")
    return [
      cloudTrailLookupSource({
        cloudtrail: () => account.cloudtrail,
        regions: async () => [await account.cloudtrail.config.region()],
      }),
    ];
  return [];
}
