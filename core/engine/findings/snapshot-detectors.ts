import type { ActivityWindow } from "../activity/types.js";
import type { Snapshot } from "../snapshot/model.js";
import type { IdentityConfig } from "./identity-context.js";
import type { Problem } from "./run.js";
import type { Finding } from "./types.js";

/** What the snapshot detectors (registry.ts) need, as plain data that can travel to another thread. */
export interface SnapshotDetectorInput {
  snapshot: Snapshot;
  now: Date;
  window: ActivityWindow;
  config: IdentityConfig;
}

export interface DetectorResults {
  findings: Finding[];
  problems: Problem[];
}

/**
 * Runs the snapshot detectors elsewhere (an adapter's thread); undefined leaves them to the
 * audit's thread. Either way the results are `runSnapshotDetectors`'s.
 */
export type SnapshotDetectorThread = (input: SnapshotDetectorInput) => Promise<DetectorResults> | undefined;
