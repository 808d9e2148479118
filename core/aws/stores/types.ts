import type { Report, ReportFinding } from "../../engine/report/schema.js";

/** A run's lifecycle: RUNNING until it ends, then SUCCEEDED (report complete) or FAILED (with its error). */
export const RUN_STATUSES = ["RUNNING", "SUCCEEDED", "FAILED"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** `open` while runs see it, `resolved` once a later successful run does not, `suppressed` by an exclusion. */
export const FINDING_STATUSES = ["open", "resolved", "suppressed"] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

export type RunTrigger = "schedule" | "api" | "organization";

export interface RunCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
  suppressed: number;
  principals: number;
  events: number;
}

export interface RunRecord {
  runId: string;
  /** The audited account; unknown (absent) until the worker has identified it. */
  accountId?: string;
  status: RunStatus;
  trigger: RunTrigger;
  startedAt: string;
  finishedAt?: string;
  counts?: RunCounts;
  error?: string;
  /** When a RUNNING run is declared FAILED if it has not finished (its execution's timeout). */
  deadlineAt?: string;
}

/** Where a run's report lives: reports are stored per account, then per run. */
export interface RunRef {
  accountId: string;
  runId: string;
}

export interface StoredFinding {
  accountId: string;
  id: string;
  kind: ReportFinding["kind"];
  severity: ReportFinding["severity"];
  status: FindingStatus;
  title: string;
  principalArn?: string;
  firstSeen: string;
  lastSeen: string;
  /** The last run that saw it. */
  runId: string;
  resolvedAt?: string;
  resolvedBy?: string;
  suppressedReason?: string;
}

export interface FindingQuery {
  accountId: string;
  status: FindingStatus;
  severity?: ReportFinding["severity"];
  kind?: ReportFinding["kind"];
  principalArn?: string;
  limit?: number;
  nextToken?: string;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** What recording one run's findings changed; `superseded` writes lost to a newer run. */
export interface LifecycleResult {
  seen: number;
  resolved: number;
  superseded: number;
  /** False when a newer successful run exists: then this run resolves nothing. */
  latest: boolean;
}

export type ReportFormat = "json" | "html" | "md";

/** Renderers are injected so the store never depends on how (or whether yet) a format is rendered. */
export interface ReportRenderers {
  html?: (report: Report) => string;
  markdown?: (report: Report) => string;
}

export interface ReportManifest {
  schemaVersion: 1;
  accountId: string;
  runId: string;
  generatedAt: string;
  parts: { name: string; bytes: number; sha256: string; contentType: string }[];
}

export interface ReportStore {
  /** Writes every part, then the manifest: only then does the run's report become visible. */
  putReport(runId: string, report: Report): Promise<ReportManifest>;
  /** The manifest of a complete run; undefined while incomplete or absent. */
  getManifest(ref: RunRef): Promise<ReportManifest | undefined>;
  getReport(ref: RunRef): Promise<Report | undefined>;
  /** A short-lived presigned URL to one format of a complete report. */
  getReportUrl(ref: RunRef, format: ReportFormat): Promise<{ url: string; expiresIn: number }>;
  /** Intermediate data one step of a run leaves for the next (`work/<runId>/<name>`). */
  putWork(runId: string, name: string, body: string): Promise<void>;
  getWork(runId: string, name: string): Promise<string>;
  findWork(runId: string, name: string): Promise<string | undefined>;
}

export interface NewRun {
  runId: string;
  trigger: RunTrigger;
  startedAt: string;
  accountId?: string;
  deadlineAt?: string;
}

/** An Idempotency-Key and a fingerprint of the request it came with (the same key, another body: a conflict). */
export interface IdempotencyRequest {
  key: string;
  fingerprint: string;
}

export interface FindingStore {
  /**
   * Creates a RUNNING run once per idempotency key; a repeated key returns the first run's id, and a
   * repeated key with another fingerprint throws IdempotencyConflictError.
   */
  createRun(run: NewRun, idempotency?: IdempotencyRequest): Promise<{ runId: string; created: boolean }>;
  /**
   * Marks a run RUNNING for one claimant (its execution), creating it if needed. The same claimant may
   * start it again; another gets RunAlreadyStartedError; a finished run cannot restart (RunConflictError).
   */
  startRun(run: NewRun, claim: string): Promise<RunRecord>;
  /** Back to RUNNING when the run failed before anything started it; false otherwise. */
  restartRun(runId: string): Promise<boolean>;
  /** SUCCEEDED with counts; the run becomes the account's LATEST unless a newer successful run is. */
  completeRun(runId: string, accountId: string, counts: RunCounts, finishedAt: string): Promise<void>;
  /**
   * FAILED with the error; `neverStarted` when nothing ever ran it (then it may be restarted); with
   * `claim`, only if that claimant (or none) started it.
   */
  failRun(
    runId: string,
    error: string,
    finishedAt: string,
    options?: { neverStarted?: boolean; claim?: string },
  ): Promise<void>;
  /** FAILED with the reason if the run is RUNNING past its deadline; the run as it now stands. */
  expireRun(runId: string, now: string): Promise<RunRecord | undefined>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Applies a successful run's findings to the account's finding lifecycle. */
  recordFindings(
    run: RunRef & { startedAt: string },
    findings: readonly ReportFinding[],
  ): Promise<LifecycleResult>;
  queryFindings(query: FindingQuery): Promise<Page<StoredFinding>>;
  /** An account's runs, newest first. */
  listRuns(accountId: string, page?: { limit?: number; nextToken?: string }): Promise<Page<RunRecord>>;
  /** The latest SUCCEEDED run of every audited account, by account id. */
  listLatestRuns(page?: { limit?: number; nextToken?: string }): Promise<Page<RunRecord>>;
  /** Findings across every audited account, account by account, most severe first within each. */
  queryOrgFindings(query: Omit<FindingQuery, "accountId">): Promise<Page<StoredFinding>>;
  /** The id of the account's latest SUCCEEDED run, the one current state reflects. */
  latestRun(accountId: string): Promise<string | undefined>;
}
