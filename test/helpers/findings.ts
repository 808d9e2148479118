import { AccountPermissions } from "../../core/engine/account/permissions.js";
import type { FindingContext } from "../../core/engine/findings/context.js";
import { identityConfig } from "../../core/engine/findings/identity-context.js";
import { DETECTORS } from "../../core/engine/findings/registry.js";
import { runDetectors } from "../../core/engine/findings/run.js";
import type { Finding } from "../../core/engine/findings/types.js";
import type { Snapshot } from "../../core/engine/snapshot/model.js";
import { catalog } from "./catalog.js";

/** A detector context for a snapshot, at the snapshot's collection time with a 90-day window. */
export function findingContext(snapshot: Snapshot, extra: Partial<FindingContext> = {}): FindingContext {
  const now = new Date(snapshot.collectedAt);
  return {
    catalog,
    snapshot,
    account: new AccountPermissions(catalog, snapshot),
    now,
    window: {
      start: new Date(now.getTime() - 90 * 86_400_000).toISOString(),
      end: now.toISOString(),
      days: 90,
    },
    config: identityConfig(),
    ...extra,
  };
}

/** The permission and trust detectors: every one that looks at one principal at a time. */
export const PERMISSIVE_DETECTORS = DETECTORS.filter((d) => d.scope === "principal");

/** Runs every permission and trust detector; a detector problem fails the test. */
export function permissiveFindings(snapshot: Snapshot): Finding[] {
  const { findings, problems } = runDetectors(findingContext(snapshot), PERMISSIVE_DETECTORS);
  if (problems.length > 0) throw new Error(problems.map((p) => `${p.origin}: ${p.message}`).join("\n"));
  return findings;
}
