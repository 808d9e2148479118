import { type Command, Option } from "commander";
import { SEVERITIES, type Severity } from "../core/engine/findings/severity.js";
import { UsageError } from "./usage-error.js";

export interface RunOptions {
  out?: string;
  format: "table" | "json" | "markdown";
  now?: string;
  days: string;
  config?: string;
  failOn?: Severity;
  compress?: boolean;
  quiet?: boolean;
}

/** The options every audit-running command shares (`audit`, `demo`). */
export function addRunOptions(command: Command, defaults: { out?: string } = {}): Command {
  return command
    .addOption(
      new Option("--out <dir>", "write report.json, report.html, report.md and policies/ here").default(
        defaults.out,
      ),
    )
    .addOption(
      new Option("--format <format>", "what to print on stdout")
        .choices(["table", "json", "markdown"])
        .default("table"),
    )
    .addOption(
      new Option("--now <iso>", "fix 'now' (ISO 8601) for a reproducible run; default: the current time"),
    )
    .addOption(new Option("--days <n>", "length of the activity window ending at now").default("90"))
    .addOption(
      new Option("--config <file>", "YAML or JSON audit configuration (thresholds, exclusions, generation)"),
    )
    .addOption(
      new Option("--fail-on <severity>", "exit 3 when a finding of this severity or worse is open").choices([
        ...SEVERITIES,
      ]),
    )
    .addOption(
      new Option(
        "--compress",
        "allow action wildcards in generated policies where their whole expansion is kept",
      ),
    )
    .addOption(new Option("--quiet", "no progress line on stderr"));
}

export function parseNow(value: string | undefined, clock: () => Date = () => new Date()): Date {
  // Whole seconds, as the report writes times: milliseconds of the clock would only be noise.
  if (value === undefined) return new Date(Math.floor(clock().getTime() / 1000) * 1000);
  // A time without an offset is UTC, as record times are read: not the machine's local time.
  const local = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value);
  const date = new Date(local ? `${value.replace(" ", "T")}Z` : value);
  // The whole value: Date.parse also takes "2026-11-22junk", as November 22.
  const day =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i.exec(value);
  if (!day || Number.isNaN(date.getTime()) || !calendarDay(day)) {
    throw new UsageError(`--now must be an ISO 8601 date or time, not ${JSON.stringify(value)}`);
  }
  return date;
}

/** Whether the year, month and day name a real day: Date reads 2026-02-30 as March 2. */
function calendarDay([, year, month, day]: RegExpExecArray): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
}

export function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new UsageError(`--days must be a whole number from 1 to 3650, not ${JSON.stringify(value)}`);
  return days;
}

const RANK = new Map(SEVERITIES.map((s, i) => [s, i]));

/** Whether any open finding is at least as severe as `failOn`. */
export function failOnMet(counts: Record<Severity, number>, failOn: Severity | undefined): boolean {
  if (!failOn) return false;
  return SEVERITIES.some((s) => RANK.get(s)! <= RANK.get(failOn)! && counts[s] > 0);
}
