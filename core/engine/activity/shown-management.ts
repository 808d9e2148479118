import type { ManagementSide, TrailLogging } from "./trail-logging.js";
import type { CloudTrailEvent } from "./types.js";

/**
 * Which management events a source's records show, as bits: each side (read-only or not), and
 * each side of the only event sources a trail can leave out of its management events (AWS KMS, RDS
 * Data API). Bits, so that the parts of one source read apart (chunks, threads) merge by OR, in any
 * order, and travel to and from worker threads as a number.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html
 */
export type ShownManagement = number;

const SIDES = ["read", "write"] as const;
type Side = (typeof SIDES)[number];

/** The sources ExcludeManagementEventSources accepts, each named as a reader would. */
const EXCLUDABLE: readonly { source: string; name: string }[] = [
  { source: "kms.amazonaws.com", name: "AWS KMS" },
  { source: "rdsdata.amazonaws.com", name: "RDS Data API" },
];

const SIDE_BIT: Record<Side, number> = { read: 1, write: 2 };
const sourceBit = (index: number, side: Side) => SIDE_BIT[side] << (2 * (index + 1));
/** Some record said whether it is a management event. */
const CATEGORIZED = 1 << (2 * (EXCLUDABLE.length + 1));
/**
 * Some record said neither: CloudTrail writes managementEvent from eventVersion 1.06 and
 * eventCategory later still, so an older record, or one a producer stripped of both, cannot tell a
 * management event from a data event, and shows no side. A record naming no eventVersion either
 * (which CloudTrail writes in every record) was rewritten by something else, a SIEM export or a
 * forwarder, that may also have left events out (forwarding write events alone is common): it
 * shows no side either, or every read such a copy lacks would be called unused.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
const UNSAID = CATEGORIZED << 1;

/**
 * What `event` adds to `shown`. Only a record saying it is a management event counts (data events
 * carry readOnly too, and a trail logs them apart), and only on the side its readOnly says.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 */
export function showManagement(shown: ShownManagement, event: CloudTrailEvent): ShownManagement {
  if (event.managementEvent !== true && event.eventCategory !== "Management") {
    // A data event shows the records carry the fields that tell one from the other.
    if (typeof event.managementEvent === "boolean" || typeof event.eventCategory === "string")
      return shown | CATEGORIZED;
    return shown | UNSAID;
  }
  const side: Side | undefined =
    event.readOnly === true ? "read" : event.readOnly === false ? "write" : undefined;
  if (!side) return shown | CATEGORIZED;
  let bits = shown | CATEGORIZED | SIDE_BIT[side];
  const index = EXCLUDABLE.findIndex((e) => e.source === event.eventSource);
  if (index >= 0) bits |= sourceBit(index, side);
  return bits;
}

/**
 * What a trail nobody described (no selectors given or read) is counted on for, from what its
 * files show: none of its management events where no record can say it is one; otherwise a side
 * of its management events they hold no record of is counted on for nothing, and an excludable
 * source they hold none of is taken as excluded from that side. A trail logging
 * write events alone (ReadWriteType WriteOnly), or leaving AWS KMS events out, looks in its copy
 * like a trail of every event whose callers never read: believed so, every read would be called
 * unused. `lacking` names, per inference, what the files hold none of.
 */
export function shownSides(
  trail: TrailLogging,
  shown: ShownManagement,
): { counted: TrailLogging; lacking: string[] } {
  const lacking: string[] = [];
  if ((shown & CATEGORIZED) === 0) {
    if ((shown & UNSAID) === 0) return { counted: trail, lacking };
    // No record shows a management event as one: neither side is shown.
    lacking.push(
      "management events shown as such (no record carries managementEvent or eventCategory, which CloudTrail writes from eventVersion 1.06 on)",
    );
    return { counted: { ...trail, management: { read: false, write: false } }, lacking };
  }
  const management: Record<Side, ManagementSide | false> = { ...trail.management };
  for (const side of SIDES) {
    const logged = management[side];
    if (logged === false) continue;
    if ((shown & SIDE_BIT[side]) === 0) {
      management[side] = false;
      lacking.push(side === "read" ? "read-only management events" : "write management events");
    }
  }
  EXCLUDABLE.forEach(({ source, name }, index) => {
    const sides = SIDES.filter((side) => {
      const logged = management[side];
      return (
        logged !== false && !logged.excludedSources.includes(source) && !(shown & sourceBit(index, side))
      );
    });
    if (sides.length === 0) return;
    for (const side of sides) {
      const logged = management[side] as ManagementSide;
      management[side] = { excludedSources: [...logged.excludedSources, source] };
    }
    const counted = SIDES.filter((side) => management[side] !== false);
    lacking.push(
      sides.length === counted.length
        ? `${name} events`
        : `${name} ${sides[0] === "read" ? "read-only" : "write"} events`,
    );
  });
  if (lacking.length === 0) return { counted: trail, lacking };
  return { counted: { ...trail, management }, lacking };
}

/**
 * What a trail nobody described is counted on for, region by region: the sides and sources its
 * files show in every region they show (`regions`, those of the delivery files read) are counted
 * on wherever the trail records, and what they show in some of those regions only is counted on
 * in those alone. Trails delivering to one bucket share its folders: a trail of write events in
 * every region beside one of every event in us-east-1 leaves reads in us-east-1's files alone,
 * and one of data events in every region beside a single-region trail of management events fills
 * every region's folder with no management event outside it. Believed everywhere, either makes
 * a call in another region look unmade. `lacking` names what some regions' files hold none of.
 */
export function shownSidesIn(
  trail: TrailLogging,
  shown: ShownManagement,
  shownIn: ReadonlyMap<string, ShownManagement>,
  regions: readonly string[] | undefined,
): { counted: TrailLogging[]; lacking: string[] } {
  const whole = shownSides(trail, shown);
  // Without regions shown by files, or records that say which events are management events, no
  // region's silence is told apart from another's.
  if (!regions || regions.length === 0 || (shown & CATEGORIZED) === 0)
    return { ...whole, counted: [whole.counted] };
  const inRegion = (region: string) =>
    shownSides(whole.counted, (shownIn.get(region) ?? 0) | CATEGORIZED).counted;
  let common = shown;
  for (const region of regions) common &= shownIn.get(region) ?? 0;
  const everywhere = shownSides(whole.counted, common | CATEGORIZED).counted;
  if (sameManagement(everywhere, whole.counted)) return { ...whole, counted: [whole.counted] };
  // The rest, per group of regions showing the same, as trails of those regions alone.
  const groups = new Map<string, { management: TrailLogging["management"]; regions: string[] }>();
  for (const region of regions) {
    const { management } = inRegion(region);
    const key = JSON.stringify(management);
    const group = groups.get(key);
    if (group) group.regions.push(region);
    else groups.set(key, { management, regions: [region] });
  }
  const regional = [...groups.values()]
    .filter((g) => g.management.read !== false || g.management.write !== false)
    .map((g) => ({
      ...(trail.trail !== undefined ? { trail: trail.trail } : {}),
      management: g.management,
      data: [],
      regions: trail.regions ? g.regions.filter((r) => trail.regions!.includes(r)) : g.regions,
    }));
  const lacking = [...whole.lacking];
  for (const what of lost(whole.counted, everywhere)) {
    const without = regions.filter((region) => lost(whole.counted, inRegion(region)).includes(what));
    lacking.push(`${what} in ${without.join(", ")}`);
  }
  return { counted: [everywhere, ...regional], lacking };
}

/** What `from` counts on that `to` does not, as `shownSides` names it. */
function lost(from: TrailLogging, to: TrailLogging): string[] {
  const names: string[] = [];
  for (const side of SIDES) {
    const a = from.management[side];
    const b = to.management[side];
    const what = side === "read" ? "read-only management events" : "write management events";
    if (a !== false && b === false) names.push(what);
    if (a === false || b === false) continue;
    for (const { source, name } of EXCLUDABLE)
      if (!a.excludedSources.includes(source) && b.excludedSources.includes(source))
        names.push(`${name} ${side === "read" ? "read-only" : "write"} events`);
  }
  return names;
}

function sameManagement(a: TrailLogging, b: TrailLogging): boolean {
  return JSON.stringify(a.management) === JSON.stringify(b.management);
}
