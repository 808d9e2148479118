import type { Snapshot } from "./model.js";

/** Where a snapshot comes from: the live account (core/aws) or saved files (core/node). */
export interface SnapshotSource {
  /** A short description for reports and errors ("live account via ...", a file name). */
  readonly description: string;
  load(): Promise<Snapshot>;
}
