/**
 * A worker thread of the threaded recommender: computes the recommendation jobs it is sent, a
 * batch at a time, and posts each batch's results back in the jobs' order; null for a batch
 * another thread of the pool claimed first.
 */
import { workerData } from "node:worker_threads";
import { unlistedJobs } from "../engine/audit/recommend-job.js";
import { riskClassifier } from "../engine/audit/risk-classes.js";
import { loadCatalog } from "./load-catalog.js";
import { claim, type RecommendBatch, type RecommendSetup } from "./recommend-pool.js";
import { ActionListCodec, type WireResult } from "./recommend-wire.js";
import { serveRequests } from "./worker-start.js";

const setup = workerData as RecommendSetup;
const catalog = loadCatalog();
// Action ids are positions in the catalog: another catalog would read every set wrongly.
if (catalog.version !== setup.catalogVersion || catalog.size !== setup.catalogSize)
  throw new Error(
    `the recommendation thread loaded catalog ${catalog.version} (${catalog.size} actions), not ${setup.catalogVersion} (${setup.catalogSize})`,
  );
const observable = catalog.emptySet();
for (const id of setup.observable) observable.add(id);
const environment = { catalog, observable, options: setup.options };
const classify = riskClassifier(catalog);
const codec = new ActionListCodec(catalog);
serveRequests<RecommendBatch, WireResult[] | null>(({ batch, jobs }) =>
  claim(setup.claims, batch)
    ? unlistedJobs(jobs, environment, classify).map((result) => codec.pack(result))
    : null,
);
