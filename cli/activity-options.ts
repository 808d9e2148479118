import { type Command, Option } from "commander";
import { athenaActivitySource } from "../core/aws/athena-activity-source.js";
import { type AwsConnection, createClients } from "../core/aws/clients.js";
import { cloudTrailLookupSource } from "../core/aws/cloudtrail-lookup-source.js";
import { cloudTrailS3Source } from "../core/aws/cloudtrail-s3-source.js";
import type { ActivitySource } from "../core/engine/activity/types.js";
import { cloudTrailFileSource } from "../core/node/cloudtrail-files.js";
import { UsageError } from "./errors.js";

/** The activity options of the contract, shared by `whittle audit` and the demo. */
export interface ActivityOptions {
  cloudtrail?: string[];
  cloudtrailS3?: string[];
  lookupEvents?: boolean;
  athenaTable?: string;
  athenaOutput?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addActivityOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--cloudtrail <path>",
        "CloudTrail files or directories (.json, .json.gz, JSON lines); repeatable",
      ).argParser(collect),
    )
    .addOption(
      new Option("--cloudtrail-s3 <url>", "a trail's log bucket, s3://bucket[/prefix]; repeatable").argParser(
        collect,
      ),
    )
    .addOption(
      new Option("--lookup-events", "the CloudTrail LookupEvents API (management events, last 90 days)"),
    )
    .addOption(
      new Option("--athena-table <db.table>", "aggregate activity in Athena over this CloudTrail table"),
    )
    .addOption(
      new Option("--athena-output <s3url>", "where Athena writes query results (with --athena-table)"),
    );
}

/** Builds the sources the options name; clients are only created for the AWS ones. */
export function activitySourcesFrom(options: ActivityOptions, connection: AwsConnection): ActivitySource[] {
  const sources: ActivitySource[] = [];
  if (options.cloudtrail?.length) sources.push(cloudTrailFileSource(options.cloudtrail));
  if ((options.athenaTable === undefined) !== (options.athenaOutput === undefined)) {
    throw new UsageError("--athena-table and --athena-output go together");
  }
  // Every flag is checked before any client exists, so a typo fails fast and quietly.
  const trails = (options.cloudtrailS3 ?? []).map((url) => parseS3Url(url, "--cloudtrail-s3"));
  if (options.athenaOutput) parseS3Url(options.athenaOutput, "--athena-output");
  const needsAws = trails.length > 0 || options.lookupEvents || options.athenaTable;
  if (!needsAws) return sources;
  const clients = createClients(connection);
  for (const { bucket, prefix } of trails) {
    sources.push(cloudTrailS3Source({ s3: clients.s3, bucket, ...(prefix ? { prefix } : {}) }));
  }
  if (options.lookupEvents) sources.push(cloudTrailLookupSource({ cloudtrail: clients.cloudtrail }));
  if (options.athenaTable && options.athenaOutput) {
    sources.push(
      athenaActivitySource({
        athena: clients.athena,
        table: options.athenaTable,
        outputLocation: options.athenaOutput,
      }),
    );
  }
  return sources;
}

export function parseS3Url(url: string, flag: string): { bucket: string; prefix?: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) throw new UsageError(`${flag} must be s3://bucket[/prefix], not ${JSON.stringify(url)}`);
  const prefix = match[2]?.replace(/\/+$/, "");
  return { bucket: match[1]!, ...(prefix ? { prefix } : {}) };
}
