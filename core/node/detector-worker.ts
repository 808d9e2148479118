/**
 * The snapshot detectors' thread of an audit: runs them on the copy of the snapshot it is sent
 * and posts back their findings and problems.
 */
import { workerData } from "node:worker_threads";
import { runSnapshotDetectors } from "../engine/findings/run.js";
import type { SnapshotDetectorInput } from "../engine/findings/snapshot-detectors.js";
import type { DetectorSetup } from "./detector-pool.js";
import { loadCatalog } from "./load-catalog.js";
import { serveRequests } from "./worker-start.js";

const setup = workerData as DetectorSetup;
const catalog = loadCatalog();
// Findings name actions as this catalog spells them: another catalog could judge differently.
if (catalog.version !== setup.catalogVersion || catalog.size !== setup.catalogSize)
  throw new Error(
    `the detector thread loaded catalog ${catalog.version} (${catalog.size} actions), not ${setup.catalogVersion} (${setup.catalogSize})`,
  );
serveRequests<SnapshotDetectorInput, ReturnType<typeof runSnapshotDetectors>>((input) =>
  runSnapshotDetectors(catalog, input),
);
