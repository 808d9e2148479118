import { PlanInputError } from "../core/aws/plan-errors.js";
import { NoActivityError } from "../core/engine/activity/errors.js";
import { EventSelectorsError } from "../core/engine/activity/event-selectors.js";
import { BackupInvalidError, BackupNotFoundError } from "../core/engine/plans/change.js";
import { PolicyParseError } from "../core/engine/policy/errors.js";
import { SnapshotInputError } from "../core/engine/snapshot/errors.js";
import { ConfigFileError } from "../core/node/config-file.js";
import { OutputDirError } from "../core/node/output-dir.js";
import { UsageError } from "./usage-error.js";

/** Errors caused by what the user gave (flags, files), as opposed to failures while running: exit 2. */
export function isInputError(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    error instanceof SnapshotInputError ||
    error instanceof ConfigFileError ||
    error instanceof PolicyParseError ||
    error instanceof PlanInputError ||
    error instanceof BackupNotFoundError ||
    error instanceof BackupInvalidError ||
    error instanceof NoActivityError ||
    error instanceof EventSelectorsError ||
    error instanceof OutputDirError
  );
}
