import type { ActionSet } from "../catalog/action-set.js";
import type { Catalog } from "../catalog/catalog.js";
import type { GenerateResult, UnlistedResult } from "../generate/recommend.js";
import { unlistedOrFailure } from "../generate/recommend-or-failure.js";
import { listRemoved } from "../generate/removed-names.js";
import type { GenerateOptions, ObservedAction } from "../generate/types.js";
import { maxResources } from "../plans/context.js";
import { observedCalls } from "../plans/observed.js";
import { type PlanProof, provePrincipal } from "../plans/prove.js";
import { PrincipalPermissions, type PrincipalPolicies } from "../policy/principal-permissions.js";
import type { PrincipalLastAccessed } from "../snapshot/model.js";
import { lastAccessEvidenceOf } from "./last-accessed.js";
import { riskClassifier } from "./risk-classes.js";

/**
 * One principal's recommendation to compute, as plain data: everything `recommend` reads that
 * is the principal's own, so that a job can be computed in another thread from a copy.
 */
export interface RecommendJob {
  principalArn: string;
  principalName: string;
  principalType: "user" | "role";
  policyBase?: string;
  permissionSet?: string;
  policies: PrincipalPolicies;
  /** Sources of the identity policies that stay when the principal's own are replaced (its groups'). */
  retained: string[];
  observed: ObservedAction[];
  lastAccessed?: PrincipalLastAccessed;
  /** Policies the trail shows granted inside the window: what they allow is not judged unused. */
  recentlyGranted?: { source: string; change: string }[];
  /** The window's start: last-accessed dates before it are not use. */
  since: string;
  /**
   * The policies already compiled, where the job is computed in the thread that made it (never
   * copied to another: a copy compiles `policies` again, to the same statements).
   */
  current?: PrincipalPermissions;
  /**
   * The sources the principal's change plan removes (plans/principal.ts): given, the plan's proof
   * is made here too, in the thread that holds the principal's compiled policies and new documents.
   */
  planRemoved?: string[];
}

/** A job's result, with its plan's proof where the job asked for one and a recommendation was made. */
export type RecommendResult = GenerateResult & { planProof?: PlanProof };

/** What every job of one audit shares. */
export interface RecommendEnvironment {
  catalog: Catalog;
  /** Actions the activity read could show. */
  observable: ActionSet;
  options: Partial<GenerateOptions>;
}

/**
 * Computes recommendations for jobs, results in the jobs' order: in this thread, or spread over
 * threads by an adapter. Whatever the spread, the results are those of `recommendJobs`.
 */
export type Recommender = (
  jobs: readonly RecommendJob[],
  environment: RecommendEnvironment,
) => Promise<RecommendResult[]>;

/** The jobs' results, in order, computed here; `classify` may be shared by calls in one thread. */
export function recommendJobs(
  jobs: readonly RecommendJob[],
  environment: RecommendEnvironment,
  classify: (actionKey: string) => string[] = riskClassifier(environment.catalog),
): RecommendResult[] {
  return jobs.map((job) => {
    const { result, planProof } = recommendJob(job, environment, classify);
    const listed = listRemoved(environment.catalog, result);
    return planProof ? { ...listed, planProof } : listed;
  });
}

/** `recommendJobs` with each result's removed actions left as a set, as a worker thread sends them. */
export function unlistedJobs(
  jobs: readonly RecommendJob[],
  environment: RecommendEnvironment,
  classify: (actionKey: string) => string[] = riskClassifier(environment.catalog),
): (UnlistedResult & { planProof?: PlanProof })[] {
  return jobs.map((job) => {
    const { result, planProof } = recommendJob(job, environment, classify);
    return planProof ? { ...result, planProof } : result;
  });
}

/** The recommender that computes every job in this thread. */
export const inThisThread: Recommender = async (jobs, environment) => recommendJobs(jobs, environment);

function recommendJob(
  job: RecommendJob,
  { catalog, observable, options }: RecommendEnvironment,
  classify: (actionKey: string) => string[],
): { result: UnlistedResult; planProof?: PlanProof } {
  const current = job.current ?? new PrincipalPermissions(catalog, job.policies);
  const retained = new Set(job.retained);
  const result = unlistedOrFailure(
    {
      catalog,
      principalArn: job.principalArn,
      principalName: job.principalName,
      principalType: job.principalType,
      ...(job.policyBase !== undefined ? { policyBase: job.policyBase } : {}),
      ...(job.permissionSet !== undefined ? { permissionSet: job.permissionSet } : {}),
      current,
      observed: job.observed,
      observable,
      retained: current.policies.identity.filter((p) => retained.has(p.source)),
      lastAccess: lastAccessEvidenceOf(job.lastAccessed, job.since, job.observed),
      ...(job.recentlyGranted ? { recentlyGranted: job.recentlyGranted } : {}),
      classify,
    },
    options,
  );
  if (!job.planRemoved || !("recommendation" in result)) return { result };
  // As assemblePlan proves it, from the same policies, documents and observed use.
  const proof = provePrincipal({
    principalArn: job.principalArn,
    current,
    removed: new Set(job.planRemoved),
    documents: result.recommendation.policies.map((p) => p.document),
    calls: observedCalls(current, job.observed, maxResources({ options })),
  });
  return { result, planProof: { ...proof, removed: job.planRemoved } };
}
