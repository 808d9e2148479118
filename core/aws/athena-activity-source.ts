import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryExecutionCommand,
} from "@aws-sdk/client-athena";
import { warning } from "../engine/activity/documents.js";
import { ActivitySourceError } from "../engine/activity/errors.js";
import { projectedRegions } from "../engine/activity/shown-regions.js";
import { keptForAccount } from "../engine/activity/trail-owner.js";
import type { ActivityItem, ActivitySource, ActivityWindow, SourceExtent } from "../engine/activity/types.js";
import { type AthenaQueryOptions, activityQuery, summaryFromRow } from "./athena-activity-query.js";
import { DayPresence } from "./athena-day-presence.js";
import { pageTokens } from "./page-tokens.js";

export interface AthenaActivityOptions extends AthenaQueryOptions {
  athena: Pick<AthenaClient, "send">;
  /** `s3://...` where Athena writes results (`--athena-output`). */
  outputLocation: string;
  workGroup?: string;
  pollIntervalMs?: number;
  /** Give up on a query that has not finished after this long. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Activity aggregated by Athena over the organization trail's table (`--athena-table`): the
 * query runs there, and its rows arrive here as summaries through the same ActivitySource.
 */
export function athenaActivitySource(options: AthenaActivityOptions): ActivitySource {
  return { description: `Athena: ${options.table}`, read: (window) => read(options, window) };
}

async function* read(options: AthenaActivityOptions, window: ActivityWindow): AsyncGenerator<ActivityItem[]> {
  const id = await start(options, activityQuery(options, window));
  await waitFor(options, id);
  yield* results(options.athena, id);
}

export interface AthenaResultsOptions {
  athena: Pick<AthenaClient, "send">;
  /** A query of activityQuery()'s shape that another party ran (the state machine's Athena task). */
  queryExecutionId: string;
  table: string;
  /** What the query's table covers (its projected regions, the audited account), declared at the end. */
  extent?: SourceExtent;
  /**
   * The audited account: a row of another recipient account (a trail owner's, which the query
   * reads for its trail's changes and days) counts as a trail change or not at all (keptForAccount).
   */
  accountId?: string;
}

/**
 * The rows of a finished aggregation query, read page by page: a deployed run starts and awaits the
 * query in Step Functions, and only the reading happens in a function. A query that did not succeed
 * is an ActivitySourceError (the run fails rather than read nothing).
 */
export function athenaResultsSource(options: AthenaResultsOptions): ActivitySource {
  // The table's region projection is all the query reads: a trail's calls elsewhere go unseen.
  const regions = projectedRegions(options.extent?.regions);
  return {
    description: `Athena: ${options.table}`,
    ...(regions ? { regions } : {}),
    read: async function* () {
      const execution = await call("GetQueryExecution", () =>
        options.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: options.queryExecutionId })),
      );
      const status = execution.QueryExecution?.Status;
      if (status?.State !== "SUCCEEDED")
        throw new ActivitySourceError(
          `Athena query ${options.queryExecutionId} is ${status?.State ?? "unknown"}: ${status?.StateChangeReason ?? ""}`,
        );
      const { accountId } = options;
      for await (const batch of results(options.athena, options.queryExecutionId))
        yield accountId ? batch.filter((item) => keptForAccount(item, accountId)) : batch;
      if (options.extent) yield [{ kind: "extent", extent: options.extent }];
    },
  };
}

/**
 * The call rows as summaries, then the per-day rows as the days each account and region was
 * delivered. Results without per-day rows (a query of an earlier shape) give no day any evidence,
 * so the coverage calls every day of the window a gap rather than trusting the rows' span.
 */
async function* results(athena: Pick<AthenaClient, "send">, id: string): AsyncGenerator<ActivityItem[]> {
  const next = pageTokens("GetQueryResults");
  let token: string | undefined;
  let columns: string[] | undefined;
  let rowNumber = 0;
  const days = new DayPresence();
  do {
    const page: GetQueryResultsCommandOutput = await call("GetQueryResults", () =>
      athena.send(
        new GetQueryResultsCommand({
          QueryExecutionId: id,
          MaxResults: 1000,
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    // Before its rows are taken: a page answering a repeated token is an earlier page again.
    try {
      token = next(page.NextToken);
    } catch (cause) {
      throw new ActivitySourceError(`Athena query ${id}: ${(cause as Error).message}`, { cause });
    }
    columns ??= (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((c) => c.Name ?? "");
    const batch: ActivityItem[] = [];
    for (const raw of page.ResultSet?.Rows ?? []) {
      rowNumber++;
      const values = (raw.Data ?? []).map((d) => d.VarCharValue);
      // Athena repeats the column names as the first row of a SELECT's results.
      if (rowNumber === 1 && values.every((v, i) => v === columns![i])) continue;
      const row = Object.fromEntries(columns.map((name, i) => [name, values[i]]));
      if (days.add(row)) continue;
      const summary = summaryFromRow(row);
      batch.push(
        typeof summary === "string"
          ? warning(`Athena ${id} row ${rowNumber}`, "invalid-record", summary)
          : { kind: "summary", summary },
      );
    }
    yield batch;
  } while (token);
  yield [{ kind: "extent", extent: { delivered: days.delivered() } }];
}

async function start(options: AthenaActivityOptions, query: string): Promise<string> {
  const started = await call("StartQueryExecution", () =>
    options.athena.send(
      new StartQueryExecutionCommand({
        QueryString: query,
        ResultConfiguration: { OutputLocation: options.outputLocation },
        ...(options.workGroup ? { WorkGroup: options.workGroup } : {}),
      }),
    ),
  );
  if (!started.QueryExecutionId) throw new ActivitySourceError("Athena returned no query execution id");
  return started.QueryExecutionId;
}

async function waitFor(options: AthenaActivityOptions, id: string): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const interval = options.pollIntervalMs ?? 1000;
  const deadline = options.timeoutMs ?? 30 * 60_000;
  for (let waited = 0; ; waited += interval) {
    const execution = await call("GetQueryExecution", () =>
      options.athena.send(new GetQueryExecutionCommand({ QueryExecutionId: id })),
    );
    const status = execution.QueryExecution?.Status;
    if (status?.State === "SUCCEEDED") return;
    if (status?.State === "FAILED" || status?.State === "CANCELLED") {
      throw new ActivitySourceError(`Athena query ${id} ${status.State}: ${status.StateChangeReason ?? ""}`);
    }
    if (waited >= deadline)
      throw new ActivitySourceError(`Athena query ${id} still running after ${deadline} ms`);
    await sleep(interval);
  }
}

async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (cause) {
    throw new ActivitySourceError(`Athena ${operation} failed: ${(cause as Error).message}`, { cause });
  }
}
