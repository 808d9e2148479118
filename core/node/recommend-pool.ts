import { availableParallelism } from "node:os";
import {
  type RecommendEnvironment,
  type Recommender,
  type RecommendJob,
  recommendJobs,
} from "../engine/audit/recommend-job.js";
import { riskClassifier } from "../engine/audit/risk-classes.js";
import type { GenerateResult } from "../engine/generate/recommend.js";
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
/** Batches each worker thread holds at once: the next is waiting when it posts one back. */
const IN_FLIGHT = 2;

/**
 * A recommender that spreads jobs over `threads` threads, this one included; `"auto"`: one per
 * core (at most 4), and this thread alone on a single core or for a small audit. Jobs go out in
 * batches to whichever thread is free; each result lands at its job's index, so the results are
 * `recommendJobs`'s whatever the number of threads and whichever finishes first.
 */
export function threadedRecommender(threads: number | "auto"): Recommender {
  return async (jobs, environment) => {
    const count = threadCount(threads, jobs);
    if (count <= 1) return recommendJobs(jobs, environment);
    const size = Math.max(1, Math.ceil(jobs.length / (count * BATCHES_PER_THREAD)));
    const results = new Array<GenerateResult>(jobs.length);
    let next = 0;
    let failed = false;
    // The start of the next batch, or undefined when none is left (or a thread failed).
    const take = () => {
      if (failed || next >= jobs.length) return undefined;
      const start = next;
      next = Math.min(jobs.length, next + size);
      return start;
    };
    const settle = (start: number, batch: GenerateResult[]) => {
      batch.forEach((result, i) => {
        results[start + i] = result;
      });
    };
    const pool = Array.from({ length: count - 1 }, () => recommendThread(environment));
    const codec = new ActionListCodec(environment.catalog);
    const remote = async (thread: RequestThread<RecommendJob[], WireResult[]>) => {
      for (let start = take(); start !== undefined; start = take()) {
        const wire = await thread.request(jobs.slice(start, start + size).map(shipped));
        settle(
          start,
          wire.map((result) => codec.unpack(result)),
        );
      }
    };
    const local = async () => {
      const classify = riskClassifier();
      for (let start = take(); start !== undefined; start = take()) {
        settle(start, recommendJobs(jobs.slice(start, start + size), environment, classify));
        // Lets the worker threads' results in, and with them their next batches out.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    try {
      await Promise.all([
        local(),
        ...pool.flatMap((thread) => Array.from({ length: IN_FLIGHT }, () => remote(thread))),
      ]).catch((error) => {
        failed = true;
        throw error;
      });
    } finally {
      await Promise.all(pool.map((thread) => thread.close()));
    }
    return results;
  };
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
}

function recommendThread({ catalog, observable, options }: RecommendEnvironment) {
  const setup: RecommendSetup = {
    catalogVersion: catalog.version,
    catalogSize: catalog.size,
    observable: [...observable.ids()],
    options,
  };
  return new RequestThread<RecommendJob[], WireResult[]>("recommend-worker", setup, "recommendation");
}
