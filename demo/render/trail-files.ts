import { gzipSync } from "node:zlib";
import { ACCOUNT_ID, SEED } from "../model/account.js";
import { hash, Rng } from "../model/rng.js";
import type { SimulatedEvent } from "./simulate.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/**
 * Groups records into delivery files, one per region and hour with activity, named and laid out
 * as a trail writes them to S3:
 * AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<account>_CloudTrail_<region>_<yyyymmddThhmmZ>_<16 chars>.json.gz
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html).
 */
export function trailFiles(events: readonly SimulatedEvent[]): Map<string, Buffer> {
  const batches = new Map<string, SimulatedEvent[]>();
  for (const event of events) {
    const key = `${event.region}|${event.time.toISOString().slice(0, 13)}`;
    const batch = batches.get(key);
    if (batch) batch.push(event);
    else batches.set(key, [event]);
  }
  const files = new Map<string, Buffer>();
  for (const [key, batch] of [...batches].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const [region, hour] = key.split("|") as [string, string];
    const last = batch[batch.length - 1]!.time;
    // Delivered a few minutes after the last record of the batch, within the same hour.
    const minute = String(Math.min(59, last.getUTCMinutes() + 5)).padStart(2, "0");
    const [date, hh] = hour.split("T") as [string, string];
    const [yyyy, mm, dd] = date.split("-");
    const stamp = `${date.replaceAll("-", "")}T${hh}${minute}Z`;
    const suffix = new Rng(SEED ^ hash(key)).chars(ALNUM, 16);
    const path = `cloudtrail/AWSLogs/${ACCOUNT_ID}/CloudTrail/${region}/${yyyy}/${mm}/${dd}/${ACCOUNT_ID}_CloudTrail_${region}_${stamp}_${suffix}.json.gz`;
    files.set(path, gzip(JSON.stringify({ Records: batch.map((e) => e.record) })));
  }
  return files;
}

/**
 * gzip with a fixed header: mtime 0 (zlib's default) and the OS byte pinned to Unix, which zlib
 * otherwise sets from the platform it was built for.
 */
export function gzip(text: string): Buffer {
  const out = gzipSync(Buffer.from(text, "utf8"), { level: 9 });
  out[9] = 3;
  return out;
}
