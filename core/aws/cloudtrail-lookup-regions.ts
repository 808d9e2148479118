import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { EC2Client } from "@aws-sdk/client-ec2";
import { enabledRegions } from "./account-regions.js";
import { type AwsConnection, clientConfig } from "./clients.js";
import { cloudTrailLookupSource } from "./cloudtrail-lookup-source.js";

/** LookupEvents over every enabled region of the connection's account, or over the given ones. */
export function lookupEventsEverywhere(connection: AwsConnection, regions?: readonly string[]) {
  const clients = new Map<string, CloudTrailClient>();
  return cloudTrailLookupSource({
    cloudtrail: (region) => {
      let client = clients.get(region);
      if (!client) {
        client = new CloudTrailClient(clientConfig({ ...connection, region }));
        clients.set(region, client);
      }
      return client;
    },
    regions: async () =>
      regions?.length ? regions : enabledRegions(new EC2Client(clientConfig(connection))),
  });
}
