import { type Command, Option } from "commander";

/** The activity options of the contract, shared by `whittle audit` and the demo. */
export interface ActivityOptions {
  cloudtrail?: string[];
  cloudtrailS3?: string[];
  lookupEvents?: boolean;
  lookupRegions?: string;
  eventSelectors?: string[];
  athenaTable?: string;
  athenaOutput?: string;
  workers?: string;
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
      new Option(
        "--lookup-events",
        "the CloudTrail LookupEvents API (management events, last 90 days, every enabled region)",
      ),
    )
    .addOption(
      new Option("--lookup-regions <list>", "read LookupEvents in these regions only (comma-separated)"),
    )
    .addOption(
      new Option(
        "--event-selectors <file>",
        "what the trail logs: the JSON `aws cloudtrail get-event-selectors` prints, and `describe-trails` for whether it records every region; repeatable (live runs read the trails)",
      ).argParser(collect),
    )
    .addOption(
      new Option("--athena-table <db.table>", "aggregate activity in Athena over this CloudTrail table"),
    )
    .addOption(
      new Option("--athena-output <s3url>", "where Athena writes query results (with --athena-table)"),
    )
    .addOption(
      new Option(
        "--workers <n>",
        "threads that read --cloudtrail files and generate policies, the main one included (default: one per core, at most 4; one for a small audit)",
      ),
    );
}
