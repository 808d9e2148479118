import type { IamCollectorOptions } from "../core/aws/iam-collector.js";
import type { SnapshotSource } from "../core/engine/snapshot/source.js";
import { FileSnapshotSource } from "../core/node/snapshot-files.js";
import type { SourceOptions } from "./source-options.js";
import { UsageError } from "./usage-error.js";

/** Offline when --snapshot is given, else live (AWS SDK default credential chain, loaded only then). */
export async function snapshotSourceFrom(
  options: SourceOptions,
  collector: IamCollectorOptions = {},
  /** For offline input: the instant the files describe, when the run fixes it (`--now`). */
  asOf?: Date,
  /** The live flags also serve other sources (a trail bucket read with --profile): allow them offline. */
  liveFlagsUsedElsewhere = false,
): Promise<SnapshotSource> {
  const live = [
    options.profile && "--profile",
    options.region && "--region",
    options.endpointUrl && "--endpoint-url",
  ]
    .filter(Boolean)
    .join(", ");
  if (options.snapshot) {
    if (live && !liveFlagsUsedElsewhere) {
      throw new UsageError(`--snapshot reads saved files; ${live} would be unused`);
    }
    return new FileSnapshotSource({
      snapshot: options.snapshot,
      ...(options.credentialReport ? { credentialReport: options.credentialReport } : {}),
      ...(options.lastAccessed ? { lastAccessed: options.lastAccessed } : {}),
      ...(asOf ? { collectedAt: asOf } : {}),
    });
  }
  for (const [flag, value] of [
    ["--credential-report", options.credentialReport],
    ["--last-accessed", options.lastAccessed],
  ] as const) {
    if (value) throw new UsageError(`${flag} goes with --snapshot (offline input)`);
  }
  if (options.endpointUrl && !URL.canParse(options.endpointUrl)) {
    throw new UsageError(`--endpoint-url is not a URL: ${options.endpointUrl}`);
  }
  const [{ createClients }, { IamSnapshotSource }] = await Promise.all([
    import("../core/aws/clients.js"),
    import("../core/aws/iam-collector.js"),
  ]);
  const clients = createClients({
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
  });
  const where =
    options.endpointUrl ?? (options.profile ? `profile ${options.profile}` : "default credentials");
  return new IamSnapshotSource(clients, collector, `live account via ${where}`);
}
