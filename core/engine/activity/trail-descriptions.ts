import { z } from "zod";
import { EventSelectorsError } from "./event-selectors.js";
import { defaultLogging, type TrailLogging } from "./trail-logging.js";

/** One trail as `aws cloudtrail describe-trails` (trailList) or `get-trail` (Trail) prints it. */
const trailSchema = z.object({
  Name: z.string().optional(),
  TrailARN: z.string().optional(),
  HomeRegion: z.string().optional(),
  IsMultiRegionTrail: z.boolean().optional(),
  IncludeGlobalServiceEvents: z.boolean().optional(),
  HasCustomEventSelectors: z.boolean().optional(),
  S3BucketName: z.string().optional(),
  S3KeyPrefix: z.string().optional(),
});
export type TrailDescription = z.infer<typeof trailSchema>;

const describeTrailsSchema = z.object({ trailList: z.array(trailSchema) });
const getTrailSchema = z.object({ Trail: trailSchema });

/** The trails a document describes, or undefined when it is not describe-trails or get-trail output. */
export function trailDescriptions(input: unknown): TrailDescription[] | undefined {
  const list = describeTrailsSchema.safeParse(input);
  if (list.success) return list.data.trailList;
  const one = getTrailSchema.safeParse(input);
  return one.success ? [one.data.Trail] : undefined;
}

/**
 * Event selectors joined with the trails' descriptions, by ARN or name: a trail described as
 * single-region records its home region alone, so only there can its silence show a call unmade;
 * one whose description does not say is counted on only in the regions its files show.
 * A described trail with no selectors given logs what a trail without custom selectors does
 * (every management event, no data event); one with custom selectors needs them given. Selectors
 * of a trail not described leave its regions unknown: a copy of its files is counted on only in
 * the regions they show (shown-regions.ts).
 */
export function withDescriptions(
  logging: readonly TrailLogging[],
  descriptions: readonly TrailDescription[],
): TrailLogging[] {
  const described = (l: TrailLogging) =>
    descriptions.find((d) => l.trail !== undefined && (d.TrailARN === l.trail || d.Name === l.trail));
  const joined = logging.map((l) => withRegions(l, described(l)));
  for (const d of descriptions) {
    if (logging.some((l) => described(l) === d)) continue;
    const name = d.TrailARN ?? d.Name ?? "a described trail";
    if (d.HasCustomEventSelectors !== false)
      throw new EventSelectorsError(
        `${name}: described with custom event selectors; give its \`aws cloudtrail get-event-selectors\` output too`,
      );
    joined.push(withRegions({ trail: name, ...defaultLogging() }, d));
  }
  return joined;
}

function withRegions(described: TrailLogging, d: TrailDescription | undefined): TrailLogging {
  if (!d) return { ...described, regionsUnknown: true };
  // Where it delivers: trails delivering to one bucket and prefix share their files (trail-alternatives.ts).
  const logging = d.S3BucketName
    ? {
        ...described,
        delivery: { bucket: d.S3BucketName, ...(d.S3KeyPrefix ? { prefix: d.S3KeyPrefix } : {}) },
      }
    : described;
  const home = d.HomeRegion ? { home: d.HomeRegion } : {};
  if (d.IsMultiRegionTrail === true) return { ...logging, ...home };
  // A field not given is not known (the Trail type marks none as always given): a trail that may
  // record one region records IAM's events only where its description says it includes them.
  const global = d.IncludeGlobalServiceEvents === true ? {} : { globalServiceEvents: false as const };
  // Like an undescribed trail's, its regions are then those its files show.
  if (d.IsMultiRegionTrail === undefined) return { ...logging, ...home, ...global, regionsUnknown: true };
  return { ...logging, regions: d.HomeRegion ? [d.HomeRegion] : [], ...global };
}
