import { UsageError } from "./usage-error.js";

/** An s3://bucket[/prefix] flag value; anything else is the user's usage error (exit 2). */
export function parseS3Url(url: string, flag: string): { bucket: string; prefix?: string } {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) throw new UsageError(`${flag} must be s3://bucket[/prefix], not ${JSON.stringify(url)}`);
  const prefix = match[2]?.replace(/\/+$/, "");
  return { bucket: match[1]!, ...(prefix ? { prefix } : {}) };
}
