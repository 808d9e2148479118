/**
 * A worker thread of the parallel file ingest: reads, decompresses, parses and aggregates the
 * chunks it is sent, one at a time, and posts each chunk's aggregate part back.
 */
import { workerData } from "node:worker_threads";
import type { AggregateSetup } from "../engine/activity/aggregate-part.js";
import type { ActivityPart } from "../engine/activity/types.js";
import { type ChunkEntry, chunkAggregator } from "./ingest-chunks.js";
import { loadCatalog } from "./load-catalog.js";
import { releaseMemory } from "./release-memory.js";
import { serveRequests } from "./worker-start.js";

const { setup, maxFileBytes } = workerData as { setup: AggregateSetup; maxFileBytes: number };
const aggregate = chunkAggregator(setup, loadCatalog(), maxFileBytes);
// The chunk's state is garbage once its part is posted: dropped then rather than when the heap is full.
serveRequests<ChunkEntry[], ActivityPart>(aggregate, releaseMemory);
