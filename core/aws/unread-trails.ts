import type { TrailLogging } from "../engine/activity/trail-logging.js";

/**
 * The trail whose files are read, when what it logs cannot be learnt: its selectors (or the
 * trails' description) could not be read, or no trail is visible from the account (an
 * organization trail is, as a shadow trail of each member account). Its selectors alone say
 * whether it logs read or write management events, which event sources it leaves out of either
 * (KMS's reads, the RDS Data API), which data events and in which regions, and its status
 * whether it logged all window long: so it is counted on for nothing (trail-status.ts), and its
 * silence shows nothing unused. `--event-selectors` says what it logs where it cannot be read.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DescribeTrails.html
 */
export function unreadTrail(reason: string): TrailLogging {
  return {
    trail: "the trail of the files read",
    management: { read: false, write: false },
    data: [],
    regionsUnknown: true,
    status: { logging: "unknown", reason },
  };
}
