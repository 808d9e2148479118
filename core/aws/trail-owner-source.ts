import { ownerItemKept } from "../engine/activity/trail-owner.js";
import type { ActivityItem, ActivitySource, DeliveredDays, SourceExtent } from "../engine/activity/types.js";

/**
 * The audited account's source read whole, then the files of each trail owner's home region for
 * their trail changes and delivered days alone (ownerItemKept), ending with one extent for both: a
 * member audited from an organization trail's bucket in one invocation sees the owner's stops and
 * selector changes, as the fanned-out run does (functions/steps/trail-partitions.ts). An owner's
 * folder that cannot be read is passed to `unread` and adds no delivered day, so the audit still
 * counts on none of that trail's data events (trail-changes-not-shown).
 */
export function withTrailOwners(
  own: ActivitySource,
  owners: readonly ActivitySource[],
  unread: (owner: ActivitySource, error: Error) => void,
): ActivitySource {
  if (owners.length === 0) return own;
  return {
    description: own.description,
    ...(own.delivery ? { delivery: own.delivery } : {}),
    ...(own.regions ? { regions: own.regions } : {}),
    read: async function* (window) {
      const extents: SourceExtent[] = [];
      for await (const batch of own.read(window)) yield withoutExtents(batch, extents);
      for (const owner of owners) {
        const found: SourceExtent[] = [];
        try {
          for await (const batch of owner.read(window))
            yield withoutExtents(batch, found).filter(ownerItemKept);
          extents.push(...found);
        } catch (error) {
          unread(owner, error as Error);
        }
      }
      yield [{ kind: "extent", extent: merged(extents) }];
    },
  };
}

/** A batch's items but its extents, which are kept aside for the one extent the read ends with. */
function withoutExtents(batch: readonly ActivityItem[], extents: SourceExtent[]): ActivityItem[] {
  const items: ActivityItem[] = [];
  for (const item of batch) {
    if (item.kind === "extent") extents.push(item.extent);
    else items.push(item);
  }
  return items;
}

function merged(extents: readonly SourceExtent[]): SourceExtent {
  const union = (pick: (e: SourceExtent) => readonly string[] | undefined) => {
    const all = extents.flatMap((e) => pick(e) ?? []);
    return extents.some((e) => pick(e)) ? { values: [...new Set(all)].sort() } : undefined;
  };
  const accounts = union((e) => e.accounts);
  const regions = union((e) => e.regions);
  const delivered: DeliveredDays[] = extents.flatMap((e) => e.delivered ?? []);
  return {
    ...Object.assign({}, ...extents),
    ...(accounts ? { accounts: accounts.values } : {}),
    ...(regions ? { regions: regions.values } : {}),
    ...(extents.some((e) => e.delivered) ? { delivered } : {}),
    ...(extents.some((e) => e.complete === false) ? { complete: false } : {}),
  };
}
