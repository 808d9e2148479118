import { availableParallelism } from "node:os";
import {
  type RecommendEnvironment,
  type Recommender,
  type RecommendJob,
  type RecommendResult,
  recommendJobs,
} from "../engine/audit/recommend-job.js";
import { riskClassifier } from "../engine/audit/risk-classes.js";
import type { GenerateOptions } from "../engine/generate/types.js";
import { ActionListCodec, type WireResult } from "./recommend-wire.js";
import { RequestThread } from "./worker-start.js";

/**
 * Below this many principals, "auto" computes every job in this thread: a thread's start and its
 * catalog (about 0.1–0.2 s of a core) cost more than a share of the work saves. A principal takes
 * 2–50 ms, more with more granted actions (each removed one is listed), fewer observed ones
 * notwithstanding: the count of jobs is the safer guide.
 */
const AUTO_MIN_JOBS = 48;
/** Batches per thread: small enough that threads finish together, large enough to copy few messages. */
const BATCHES_PER_THREAD = 16;

/**
 * A recommender that spreads jobs over `threads` threads, this one included; `"auto"`: one per
 * core (at most 4), and this thread alone on a single core or for a small audit. Each worker
 * thread is sent its share of the batches at once and computes them from the first, while this
 * thread takes them from the last whenever it is free: so the workers never wait for this thread
 * to hand out work while its caller keeps it busy (the audit runs its detectors meanwhile), and
 * whatever is left when it is free is shared. A batch is computed by whichever thread claims it
 * first (a shared flag per batch); each result lands at its job's index, so the results are
 * `recommendJobs`'s whatever the number of threads and whichever finishes first.
 */
export function threadedRecommender(threads: number | "auto"): Recommender {
  return async (jobs, environment) => {
    const count = threadCount(threads, jobs);
    if (count <= 1) return recommendJobs(jobs, environment);
    const size = Math.max(1, Math.ceil(jobs.length / (count * BATCHES_PER_THREAD)));
    const batches = Math.ceil(jobs.length / size);
    const claims = new Int32Array(new SharedArrayBuffer(4 * batches));
    const results = new Array<RecommendResult>(jobs.length);
    let failed = false;
    const settle = (batch: number, computed: RecommendResult[]) => {
      computed.forEach((result, i) => {
        results[batch * size + i] = result;
      });
    };
    const pool = Array.from({ length: count - 1 }, () => recommendThread(environment, claims));
    const codec = new ActionListCodec(environment.catalog);
    // Worker w is sent batches w, w + workers, ...: each worker's share spans the jobs, so this
    // thread, taking the last ones, meets every worker's share.
    const remote = (thread: RequestThread<RecommendBatch, WireResult[] | null>, w: number) => {
      const answers: Promise<void>[] = [];
      for (let batch = w; batch < batches; batch += pool.length) {
        const sent = jobs.slice(batch * size, (batch + 1) * size).map(shipped);
        answers.push(
          thread.request({ batch, jobs: sent }).then((wire) => {
            // null: this thread claimed the batch first.
            if (wire)
              settle(
                batch,
                wire.map((result) => codec.unpack(result)),
              );
          }),
        );
      }
      return Promise.all(answers);
    };
    const local = async () => {
      const classify = riskClassifier(environment.catalog);
      // Each worker's first batch is left to it, as a thread started for nothing would be.
      for (let batch = batches - 1; batch >= pool.length && !failed; batch--) {
        // Lets the caller go on first, and the worker threads' results in between batches.
        await new Promise((resolve) => setImmediate(resolve));
        if (failed || !claim(claims, batch)) continue;
        settle(batch, recommendJobs(jobs.slice(batch * size, (batch + 1) * size), environment, classify));
      }
    };
    try {
      await Promise.all([local(), ...pool.map(remote)]).catch((error) => {
        failed = true;
        throw error;
      });
    } finally {
      await Promise.all(pool.map((thread) => thread.close()));
    }
    return results;
  };
}

/** A batch as a worker thread receives it: its number (to claim it) and its jobs. */
export interface RecommendBatch {
  batch: number;
  jobs: RecommendJob[];
}

/** True for the thread that claims `batch` first: only that one computes it. */
export function claim(claims: Int32Array, batch: number): boolean {
  return Atomics.compareExchange(claims, batch, 0, 1) === 0;
}

function threadCount(threads: number | "auto", jobs: readonly RecommendJob[]): number {
  if (threads !== "auto") return Math.min(threads, jobs.length);
  const cores = availableParallelism();
  return cores < 2 || jobs.length < AUTO_MIN_JOBS ? 1 : Math.min(4, cores, jobs.length);
}

/** A job as another thread receives it: plain data, without this thread's compiled policies. */
function shipped({ current: _, ...job }: RecommendJob): RecommendJob {
  return job;
}

/** What each recommendation thread starts with: the audit's shared environment, as plain data. */
export interface RecommendSetup {
  catalogVersion: string;
  catalogSize: number;
  observable: number[];
  options: Partial<GenerateOptions>;
  /** One flag per batch, shared by every thread of the pool: set by the thread that computes it. */
  claims: Int32Array;
}

function recommendThread({ catalog, observable, options }: RecommendEnvironment, claims: Int32Array) {
  const setup: RecommendSetup = {
    catalogVersion: catalog.version,
    catalogSize: catalog.size,
    observable: [...observable.ids()],
    options,
    claims,
  };
  return new RequestThread<RecommendBatch, WireResult[] | null>("recommend-worker", setup, "recommendation");
}
