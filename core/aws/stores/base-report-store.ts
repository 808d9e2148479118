import { createHash } from "node:crypto";
import { policyFiles, policyFileText } from "../../engine/report/policy-files.js";
import { type Report, reportSchema } from "../../engine/report/schema.js";
import { ReportNotFoundError, StoreError } from "./errors.js";
import type { ReportFormat, ReportManifest, ReportRenderers, ReportStore, RunRef } from "./types.js";

export const MANIFEST = "manifest.json";
/** Steps' intermediate data lives beside the reports, under its own prefix and shorter expiry. */
export const WORK_PREFIX = "work/";
/** The S3 key of a run's work object: a state machine's item reader reads one by key. */
export const workKey = (runId: string, name: string) => `${WORK_PREFIX}${runId}/${name}`;
const FORMAT_PART: Record<ReportFormat, string> = {
  json: "report.json",
  html: "report.html",
  md: "report.md",
};

interface Part {
  name: string;
  body: string;
  contentType: string;
}

/**
 * The report layout and its completeness rule, independent of the backend (as Powertools'
 * BasePersistenceLayer): `reports/<accountId>/<runId>/` holds report.json, report.html, report.md
 * and policies/<name>.json (every generated document's, see policyFiles), then manifest.json,
 * written last. Object stores have no multi-object transaction, so the manifest is the commit
 * record: readers trust a run only through it, and a run that died half-way leaves parts that nothing ever shows as a report.
 */
export abstract class BaseReportStore implements ReportStore {
  protected constructor(
    private readonly renderers: ReportRenderers,
    protected readonly urlExpiresIn: number,
  ) {}

  async putReport(runId: string, report: Report): Promise<ReportManifest> {
    const prefix = runPrefix({ accountId: report.accountId, runId });
    const parts = this.parts(report);
    // Parts are independent, so they go in parallel; the manifest waits for all of them.
    await Promise.all(parts.map((p) => this._putObject(prefix + p.name, p.body, p.contentType)));
    const manifest: ReportManifest = {
      schemaVersion: 1,
      accountId: report.accountId,
      runId,
      generatedAt: report.generatedAt,
      parts: parts.map((p) => ({
        name: p.name,
        bytes: Buffer.byteLength(p.body),
        sha256: createHash("sha256").update(p.body).digest("hex"),
        contentType: p.contentType,
      })),
    };
    await this._putObject(prefix + MANIFEST, JSON.stringify(manifest), "application/json");
    return manifest;
  }

  /** A step's intermediate data for a later step of the same run (payload limits keep it out of the state). */
  putWork(runId: string, name: string, body: string): Promise<void> {
    return this._putObject(workKey(runId, name), body, "application/json");
  }

  /** Work data an earlier step may not have left (a partition whose reading never completed). */
  findWork(runId: string, name: string): Promise<string | undefined> {
    return this._getObject(workKey(runId, name));
  }

  async getWork(runId: string, name: string): Promise<string> {
    const text = await this._getObject(workKey(runId, name));
    if (text === undefined) throw new StoreError(`run ${runId}: no ${name} from an earlier step`);
    return text;
  }

  async getManifest(ref: RunRef): Promise<ReportManifest | undefined> {
    const text = await this._getObject(runPrefix(ref) + MANIFEST);
    return text === undefined ? undefined : (JSON.parse(text) as ReportManifest);
  }

  async getReport(ref: RunRef): Promise<Report | undefined> {
    if (!(await this.getManifest(ref))) return undefined;
    const text = await this._getObject(runPrefix(ref) + FORMAT_PART.json);
    if (text === undefined)
      throw new StoreError(`run ${ref.runId}: the manifest lists report.json but it is gone`);
    return reportSchema.parse(JSON.parse(text));
  }

  async getReportUrl(ref: RunRef, format: ReportFormat): Promise<{ url: string; expiresIn: number }> {
    const manifest = await this.getManifest(ref);
    const name = FORMAT_PART[format];
    if (!manifest) throw new ReportNotFoundError(`run ${ref.runId} has no complete report`);
    if (!manifest.parts.some((p) => p.name === name))
      throw new ReportNotFoundError(`run ${ref.runId} has no ${format} report`);
    return { url: await this._presign(runPrefix(ref) + name), expiresIn: this.urlExpiresIn };
  }

  private parts(report: Report): Part[] {
    const parts: Part[] = [
      { name: FORMAT_PART.json, body: JSON.stringify(report), contentType: "application/json" },
    ];
    const { html, markdown } = this.renderers;
    if (html)
      parts.push({ name: FORMAT_PART.html, body: html(report), contentType: "text/html; charset=utf-8" });
    if (markdown)
      parts.push({
        name: FORMAT_PART.md,
        body: markdown(report),
        contentType: "text/markdown; charset=utf-8",
      });
    // A clash is a report that breaks the names' uniqueness: its first document keeps the name.
    for (const { path, document } of policyFiles(report).files)
      parts.push({ name: path, body: policyFileText(document), contentType: "application/json" });
    return parts;
  }

  protected abstract _putObject(key: string, body: string, contentType: string): Promise<void>;
  /** The object's text, or undefined when it does not exist. */
  protected abstract _getObject(key: string): Promise<string | undefined>;
  protected abstract _presign(key: string): Promise<string>;
}

export function runPrefix(ref: RunRef): string {
  return `reports/${ref.accountId}/${ref.runId}/`;
}
