import { DescribeRegionsCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { ActivitySourceError } from "../engine/activity/errors.js";

/**
 * The regions enabled for the account (`ec2:DescribeRegions` without AllRegions lists only the
 * opted-in and default ones): where its principals can make calls.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRegions.html
 */
export async function enabledRegions(ec2: Pick<EC2Client, "send">): Promise<string[]> {
  try {
    const output = await ec2.send(new DescribeRegionsCommand({}));
    const regions = (output.Regions ?? []).map((r) => r.RegionName).filter((r): r is string => Boolean(r));
    if (regions.length === 0) throw new Error("no region listed");
    return regions.sort();
  } catch (cause) {
    throw new ActivitySourceError(
      `cannot list the account's regions (ec2:DescribeRegions): ${(cause as Error).message}; name them with --lookup-regions`,
      { cause },
    );
  }
}
