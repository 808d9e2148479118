import { enabledRegions } from "./account-regions.js";
import type { AwsClients } from "./clients.js";
import { cloudTrailLookupSource } from "./cloudtrail-lookup-source.js";

/** LookupEvents over every enabled region of the clients' account, or over the given ones. */
export function lookupEventsEverywhere(
  clients: Pick<AwsClients, "ec2" | "cloudtrailIn">,
  regions?: readonly string[],
) {
  return cloudTrailLookupSource({
    cloudtrail: clients.cloudtrailIn,
    regions: regions?.length ? regions : () => enabledRegions(clients.ec2),
  });
}
