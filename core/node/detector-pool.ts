import { availableParallelism } from "node:os";
import type { Catalog } from "../engine/catalog/catalog.js";
import type {
  DetectorResults,
  SnapshotDetectorInput,
  SnapshotDetectorThread,
} from "../engine/findings/snapshot-detectors.js";
import { RequestThread } from "./worker-start.js";

/**
 * Below this many principals the snapshot detectors stay in the audit's thread: the thread's
 * start, its catalog and the copy of the snapshot (about 0.2–0.5 s of a core) cost more than
 * they save.
 */
const AUTO_MIN_PRINCIPALS = 1000;

/** What the detector thread starts with: the catalog it must load the same as this thread's. */
export interface DetectorSetup {
  catalogVersion: string;
  catalogSize: number;
}

/**
 * Runs the snapshot detectors (escalation, the lint of the account's documents) in a thread of
 * their own, beside the rest of the audit, where `threads` (`--workers`, this thread included)
 * allows a second one: `"auto"` on two cores or more, for a large account.
 */
export function threadedSnapshotDetectors(
  threads: number | "auto",
  catalog: Catalog,
): SnapshotDetectorThread {
  return (input) => {
    const { users, roles, groups } = input.snapshot;
    const principals = users.length + roles.length + groups.length;
    const allowed =
      threads === "auto" ? availableParallelism() >= 2 && principals >= AUTO_MIN_PRINCIPALS : threads >= 2;
    if (!allowed) return undefined;
    const setup: DetectorSetup = { catalogVersion: catalog.version, catalogSize: catalog.size };
    const thread = new RequestThread<SnapshotDetectorInput, DetectorResults>(
      "detector-worker",
      setup,
      "detector",
    );
    return thread.request(input).finally(() => thread.close());
  };
}
