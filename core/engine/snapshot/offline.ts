import { assembleSnapshot } from "./assemble.js";
import { readCredentialReport } from "./credential-report.js";
import { SnapshotInputError } from "./errors.js";
import { readAuthorizationDetails } from "./gaad.js";
import { looksLikeGaad } from "./gaad-schema.js";
import { parseJsonValues } from "./json-text.js";
import { readLastAccessedFile } from "./last-accessed.js";
import type { Snapshot } from "./model.js";
import { refuseNonArnNames } from "./policy-arns.js";
import { isSerializedSnapshot, snapshotFromValue } from "./serialize.js";

/** The contents of the offline files, each with the name to report problems under. */
export interface OfflineInput {
  /** A GetAccountAuthorizationDetails JSON (one or several pages) or a `whittle snapshot` file. */
  snapshot: { file: string; text: string };
  /** The credential report CSV (already decoded from base64 when it came from the API). */
  credentialReport?: { file: string; text: string };
  /** A JSON object mapping principal ARNs to GetServiceLastAccessedDetails responses. */
  lastAccessed?: { file: string; text: string };
  /** When the files were produced (a GAAD carries no date): the report's time, or the file's. */
  collectedAt: Date;
}

/** Builds a snapshot from saved files; pure (the caller reads them). */
export function readOfflineSnapshot(input: OfflineInput): Snapshot {
  const snapshot = readSnapshot(input);
  refuseNonArnNames(snapshot, input.snapshot.file);
  return snapshot;
}

function readSnapshot(input: OfflineInput): Snapshot {
  const { file, text } = input.snapshot;
  const values = parseJsonValues(text, file);
  if (values.length === 1 && isSerializedSnapshot(values[0])) {
    if (input.credentialReport || input.lastAccessed) {
      throw new SnapshotInputError(
        "a Whittle snapshot already holds credentials and last-accessed data; give it alone",
        { file },
      );
    }
    return snapshotFromValue(values[0], file);
  }
  values.forEach((value, index) => {
    if (!looksLikeGaad(value)) {
      throw new SnapshotInputError(
        "not a GetAccountAuthorizationDetails output (no UserDetailList, GroupDetailList, RoleDetailList or Policies) nor a Whittle snapshot",
        { file, path: values.length > 1 ? `value ${index + 1}` : "(top level)" },
      );
    }
  });
  const lastAccessed = input.lastAccessed;
  return assembleSnapshot({
    collectedAt: input.collectedAt,
    details: readAuthorizationDetails(values, file),
    ...(input.credentialReport
      ? { credentialReport: readCredentialReport(input.credentialReport.text, input.credentialReport.file) }
      : {}),
    ...(lastAccessed
      ? {
          lastAccessed: readLastAccessedFile(
            parseSingle(lastAccessed.text, lastAccessed.file),
            lastAccessed.file,
          ),
        }
      : {}),
  });
}

function parseSingle(text: string, file: string): unknown {
  const values = parseJsonValues(text, file);
  if (values.length !== 1) throw new SnapshotInputError("expected one JSON value", { file });
  return values[0];
}
