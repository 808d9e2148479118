import { cloudTrailLookupSource } from "../core/aws/cloudtrail-lookup-source.js";
import { cloudTrailS3Source } from "../core/aws/cloudtrail-s3-source.js";
import { IamSnapshotSource } from "../core/aws/iam-collector.js";
import type { AuditSources } from "../core/engine/audit.js";
import type { AccountClients, Runtime } from "./runtime.js";

/**
 * The live sources of one audit. IAM and LookupEvents are read with the audited account's clients;
 * a trail bucket is read with the function's own, since an organization trail lives in one
 * (logging) account, and only the audited account's logs are listed.
 */
export function liveSources(runtime: Runtime, account: AccountClients, accountId?: string): AuditSources {
  const { config } = runtime;
  const snapshot = new IamSnapshotSource(account, runtime.collector ?? {}, "live account");
  if (config.activity === "trail-bucket" && config.trailBucket) {
    const trail = cloudTrailS3Source({
      s3: runtime.clients.s3,
      bucket: config.trailBucket,
      ...(config.trailPrefix ? { prefix: config.trailPrefix } : {}),
      ...(accountId ? { accounts: [accountId] } : {}),
    });
    return { snapshot, activity: [trail] };
  }
  if (config.activity === "lookup-events")
    return {
      snapshot,
      activity: [
        cloudTrailLookupSource({
          cloudtrail: () => account.cloudtrail,
          regions: async () => [await account.cloudtrail.config.region()],
        }),
      ],
    };
  return { snapshot, activity: [] };
}
