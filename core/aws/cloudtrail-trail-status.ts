import { type CloudTrailClient, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import type { TrailStatus } from "../engine/activity/trail-status.js";

/**
 * Whether a trail is logging, and since or until when (`cloudtrail:GetTrailStatus`, named by ARN
 * so that a shadow trail of another region is found). A status that cannot be read (access
 * denied, a trail of another account) is "unknown", never a failure of the run: the engine then
 * counts on nothing the trail selects.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html
 */
export async function readTrailStatus(
  cloudtrail: Pick<CloudTrailClient, "send">,
  trail: string,
): Promise<TrailStatus> {
  try {
    const output = await cloudtrail.send(new GetTrailStatusCommand({ Name: trail }));
    if (typeof output.IsLogging !== "boolean") return { logging: "unknown", reason: "IsLogging not given" };
    return {
      logging: output.IsLogging,
      ...(output.StartLoggingTime ? { startedAt: output.StartLoggingTime.toISOString() } : {}),
      ...(output.StopLoggingTime ? { stoppedAt: output.StopLoggingTime.toISOString() } : {}),
      // Its files fail to reach the bucket: whatever it selects is missing from what was read.
      ...(output.LatestDeliveryError ? { deliveryError: output.LatestDeliveryError } : {}),
    };
  } catch (error) {
    return { logging: "unknown", reason: (error as Error).message || (error as Error).name };
  }
}
