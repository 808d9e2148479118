import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { SnapshotInputError } from "../../core/engine/snapshot/errors.js";
import { credentialReportCsv, readSnapshotFiles } from "../../core/node/snapshot-files.js";
import { realData } from "../helpers/paths.js";

const dir = mkdtempSync(join(tmpdir(), "whittle-snapshot-files-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const gaad = realData("cloudmapper-demo", "iam-get-account-authorization-details.json");
const demoReport = realData("cloudmapper-demo", "iam-get-credential-report.json");
const demoCsv: string = JSON.parse(readFileSync(demoReport, "utf8")).Content;

test("a run's --now dates a lone GAAD, never a credential report's last-used data past its generation", async () => {
  const now = new Date("2019-12-01T00:00:00Z");
  const alone = await readSnapshotFiles({ snapshot: gaad, collectedAt: now });
  assert.equal(alone.collectedAt, now.toISOString());
  const withReport = await readSnapshotFiles({
    snapshot: gaad,
    credentialReport: demoReport,
    collectedAt: now,
  });
  assert.equal(withReport.collectedAt, "2019-05-07T15:40:22.000Z");
});

test("the CloudMapper demo GAAD and its credential report (Content as plain CSV) load together", async () => {
  const snapshot = await readSnapshotFiles({ snapshot: gaad, credentialReport: demoReport });
  assert.equal(
    snapshot.collectedAt,
    "2019-05-07T15:40:22.000Z",
    "the report's GeneratedTime dates the snapshot",
  );
  assert.deepEqual(Object.keys(snapshot.credentials).sort(), [
    "arn:aws:iam::123456789012:user/auditor_tmp",
    "arn:aws:iam::123456789012:user/user",
  ]);
  assert.equal(snapshot.root?.accessKeys.length, 1);
});

test("a plain CSV report older than the GAAD and the run dates the snapshot by its file's time", async () => {
  const file = join(dir, "old-report.csv");
  writeFileSync(file, demoCsv);
  const written = new Date("2026-10-01T08:00:00Z");
  utimesSync(file, written, written);
  const newer = new Date("2026-11-21T00:00:00Z");
  const snapshot = await readSnapshotFiles({ snapshot: gaad, credentialReport: file, collectedAt: newer });
  assert.equal(snapshot.collectedAt, written.toISOString());
  // Written after the run's date (a copy, a fresh checkout), it leaves that date alone.
  const fresh = join(dir, "fresh-report.csv");
  writeFileSync(fresh, demoCsv);
  const later = await readSnapshotFiles({ snapshot: gaad, credentialReport: fresh, collectedAt: newer });
  assert.equal(later.collectedAt, newer.toISOString());
});

test("GetCredentialReport JSON with base64 Content, as the AWS CLI prints it, is decoded", async () => {
  const file = join(dir, "report-base64.json");
  const content = Buffer.from(demoCsv).toString("base64");
  writeFileSync(
    file,
    JSON.stringify({ Content: content, ReportFormat: "text/csv", GeneratedTime: "2019-05-07T15:40:22Z" }),
  );
  const snapshot = await readSnapshotFiles({ snapshot: gaad, credentialReport: file });
  assert.equal(Object.keys(snapshot.credentials).length, 2);
});

test("a plain CSV report is read; without a report date the GAAD file's time dates the snapshot", async () => {
  const file = join(dir, "report.csv");
  writeFileSync(file, demoCsv);
  const snapshot = await readSnapshotFiles({ snapshot: gaad, credentialReport: file });
  assert.equal(Object.keys(snapshot.credentials).length, 2);
  assert.ok(Date.parse(snapshot.collectedAt) > Date.parse("2020-01-01T00:00:00Z"));
});

test("a last-accessed file built from the recorded demo jobs attaches to the roles", async () => {
  const job = JSON.parse(
    readFileSync(
      realData(
        "cloudmapper-demo",
        "iam-get-service-last-accessed-details",
        "a2b53fd9-88bc-d0b5-1b9a-af9c4af22375.json",
      ),
      "utf8",
    ),
  );
  const file = join(dir, "last-accessed.json");
  writeFileSync(file, JSON.stringify({ "arn:aws:iam::123456789012:role/level3": job }));
  const snapshot = await readSnapshotFiles({ snapshot: gaad, lastAccessed: file });
  assert.equal(
    snapshot.lastAccessed["arn:aws:iam::123456789012:role/level3"]?.services[0]?.namespace,
    "logs",
  );
});

test("a missing file is a SnapshotInputError naming it", async () => {
  const missing = join(dir, "nope.json");
  await assert.rejects(readSnapshotFiles({ snapshot: missing }), (error: unknown) => {
    return error instanceof SnapshotInputError && error.file === missing && /ENOENT/.test(error.message);
  });
});

test("report JSON whose Content is neither CSV nor base64 CSV is refused at Content", () => {
  assert.throws(() => credentialReportCsv(JSON.stringify({ Content: "aGVsbG8=" }), "r.json"), {
    name: "SnapshotInputError",
    message: /r\.json, at Content/,
  });
});

// The file itself is read strictly; the base64 inside it was decoded leniently, each byte that is
// not UTF-8 a U+FFFD: the row of `josé` named `jos\uFFFD`, a user the account does not have.
test("report JSON whose base64 Content is not UTF-8 is refused at Content, naming the byte", () => {
  const csv = Buffer.from("user,arn\njosé,arn:aws:iam::123456789012:user/josé\n", "latin1");
  assert.throws(() => credentialReportCsv(JSON.stringify({ Content: csv.toString("base64") }), "r.json"), {
    name: "SnapshotInputError",
    message: /r\.json, at Content.*not UTF-8 \(byte 12 /,
  });
});
