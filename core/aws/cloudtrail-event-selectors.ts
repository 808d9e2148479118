import {
  type CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
} from "@aws-sdk/client-cloudtrail";
import { ActivitySourceError } from "../engine/activity/errors.js";
import { parseEventSelectors } from "../engine/activity/event-selectors.js";
import { defaultLogging, type TrailLogging } from "../engine/activity/trail-logging.js";
import { readTrailStatus } from "./cloudtrail-trail-status.js";

/**
 * What the account's trails log: every trail visible from the region (multi-region and
 * organization trails included), each with its basic or advanced event selectors, and, for a
 * single-region trail, the one region it records (its home region), and whether it is logging
 * (a trail stopped records nothing, whatever its selectors say).
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetEventSelectors.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Trail.html
 */
export async function readTrailLogging(cloudtrail: Pick<CloudTrailClient, "send">): Promise<TrailLogging[]> {
  try {
    const { trailList = [] } = await cloudtrail.send(
      new DescribeTrailsCommand({ includeShadowTrails: true }),
    );
    const logging: TrailLogging[] = [];
    for (const trail of trailList) {
      const name = trail.TrailARN ?? trail.Name;
      if (!name) continue;
      const output = await cloudtrail.send(new GetEventSelectorsCommand({ TrailName: name }));
      // No selector in the answer is read as the default only where the trail is described as
      // having no custom selectors (what a trail created without them logs); else nothing is counted on.
      const none = !output.EventSelectors?.length && !output.AdvancedEventSelectors?.length;
      const selectors =
        none && trail.HasCustomEventSelectors === false
          ? { trail: output.TrailARN ?? name, ...defaultLogging() }
          : parseEventSelectors(
              {
                TrailARN: output.TrailARN ?? name,
                ...(output.EventSelectors ? { EventSelectors: output.EventSelectors } : {}),
                ...(output.AdvancedEventSelectors
                  ? { AdvancedEventSelectors: output.AdvancedEventSelectors }
                  : {}),
              },
              name,
            );
      const status = await readTrailStatus(cloudtrail, name);
      const delivered = trail.S3BucketName
        ? {
            ...selectors,
            status,
            delivery: {
              bucket: trail.S3BucketName,
              ...(trail.S3KeyPrefix ? { prefix: trail.S3KeyPrefix } : {}),
            },
          }
        : { ...selectors, status };
      // Only a trail known to span every region shows that a call was never made anywhere.
      logging.push(
        trail.IsMultiRegionTrail === true
          ? { ...delivered, ...(trail.HomeRegion ? { home: trail.HomeRegion } : {}) }
          : {
              ...delivered,
              regions: trail.HomeRegion ? [trail.HomeRegion] : [],
              // Unsaid is not recorded: AWS's Trail type promises no field (as trail-descriptions.ts reads it).
              ...(trail.IncludeGlobalServiceEvents !== true ? { globalServiceEvents: false as const } : {}),
            },
      );
    }
    return logging;
  } catch (cause) {
    throw new ActivitySourceError(`cannot read the trails' event selectors: ${(cause as Error).message}`, {
      cause,
    });
  }
}
