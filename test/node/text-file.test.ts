import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { gzipSync } from "node:zlib";
import { readReport } from "../../cli/change-io.js";
import { readPolicyFile } from "../../cli/commands/validate-input.js";
import { readDocument, readLines } from "../../core/node/cloudtrail-files.js";
import { readConfigFile } from "../../core/node/config-file.js";
import { readEventSelectorsFiles } from "../../core/node/event-selectors-files.js";
import { readSnapshotFiles } from "../../core/node/snapshot-files.js";
import { utf8Stream } from "../../core/node/text-file.js";
import { reportFixture } from "../fixtures/report-fixture.js";
import { realData, repoRoot } from "../helpers/paths.js";

const dir = mkdtempSync(join(tmpdir(), "whittle-text-files-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** What Windows tools write: UTF-8 with a byte order mark, and UTF-16 (PowerShell 5.1's `>`) either way round. */
const ENCODINGS: Record<string, (text: string) => Buffer> = {
  "UTF-8 with BOM": (text) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]),
  "UTF-16LE": (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
  "UTF-16BE": (text) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]),
  "UTF-16LE without BOM": (text) => Buffer.from(text, "utf16le"),
  "UTF-16BE without BOM": (text) => Buffer.from(text, "utf16le").swap16(),
};

const demo = (name: string) => join(repoRoot, "demo", "account", name);
let n = 0;
/** The file saved in each encoding, named as given. */
function saved(text: string, name: string): [string, string][] {
  return Object.entries(ENCODINGS).map(([encoding, encode]) => {
    const path = join(dir, `${n++}-${name}`);
    writeFileSync(path, encode(text));
    return [encoding, path];
  });
}

test("snapshots, credential reports, event selectors and configs read alike in any of these encodings", async () => {
  const gaadText = readFileSync(demo("gaad.json"), "utf8");
  const csvText = readFileSync(demo("credential-report.csv"), "utf8");
  const collectedAt = new Date("2026-11-22T00:00:00Z");
  const plain = await readSnapshotFiles({
    snapshot: demo("gaad.json"),
    credentialReport: demo("credential-report.csv"),
    collectedAt,
  });
  const selectors = await readEventSelectorsFiles([demo("trail.json"), demo("event-selectors.json")]);
  const config = await readConfigFile(demo("config.json"));
  const gaads = saved(gaadText, "gaad.json");
  const csvs = saved(csvText, "report.csv");
  const trails = saved(readFileSync(demo("trail.json"), "utf8"), "trail.json");
  const eventSelectors = saved(readFileSync(demo("event-selectors.json"), "utf8"), "selectors.json");
  const configs = saved(readFileSync(demo("config.json"), "utf8"), "config.json");
  for (let i = 0; i < gaads.length; i++) {
    const [encoding, gaad] = gaads[i]!;
    const read = await readSnapshotFiles({ snapshot: gaad, credentialReport: csvs[i]![1], collectedAt });
    assert.deepEqual(read, plain, encoding);
    assert.deepEqual(
      await readEventSelectorsFiles([trails[i]![1], eventSelectors[i]![1]]),
      selectors,
      encoding,
    );
    assert.deepEqual(await readConfigFile(configs[i]![1]), config, encoding);
  }
});

test("policy files, apply's report and CloudTrail files read alike in any of these encodings", async () => {
  const policy = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::docs/*" }],
  };
  for (const [encoding, path] of saved(JSON.stringify(policy), "policy.json"))
    assert.deepEqual(await readPolicyFile(path, path), policy, encoding);

  const report = reportFixture();
  const plainReport = join(dir, "report.json");
  writeFileSync(plainReport, JSON.stringify(report));
  for (const [encoding, path] of saved(JSON.stringify(report), "report.json"))
    assert.deepEqual(await readReport(path), await readReport(plainReport), encoding);

  // Records saved by PowerShell (LookupEvents output, an export), a few of them non-ASCII.
  const records = readFileSync(realData("cloudtrail", "panther", "panther-cloudtrail-records.json"), "utf8");
  const items = async (path: string) => {
    const read = await readDocument(path);
    assert.equal(read.kind, "document");
    // The records read; warnings name the file, which differs.
    return read.kind === "document" ? read.items().filter((item) => item.kind === "event") : [];
  };
  const plainTrail = join(dir, "plain-trail.json");
  writeFileSync(plainTrail, records);
  const expected = await items(plainTrail);
  assert.ok(expected.length > 10);
  for (const [encoding, path] of saved(records, "trail.json"))
    assert.deepEqual(await items(path), expected, encoding);
});

test("JSON-lines CloudTrail files, plain or gzipped, read alike in any of these encodings", async () => {
  const records = JSON.parse(
    readFileSync(realData("cloudtrail", "panther", "panther-cloudtrail-records.json"), "utf8"),
  ).Records as unknown[];
  const text = `${records.map((r) => JSON.stringify(r)).join("\n")}\n`;
  const events = async (path: string) => {
    const items = [];
    for await (const batch of readLines(path)) items.push(...batch);
    // The records read, and what was set aside by line (warnings name the file, which differs).
    return {
      events: items.filter((item) => item.kind === "event"),
      setAside: items.flatMap((item) =>
        item.kind === "warning" ? [`${item.warning.origin.replace(/^.*:/, "")} ${item.warning.message}`] : [],
      ),
    };
  };
  const plain = join(dir, "plain.jsonl");
  writeFileSync(plain, text);
  const expected = await events(plain);
  assert.ok(expected.events.length > 10);
  for (const [encoding, encode] of Object.entries(ENCODINGS)) {
    const path = join(dir, `${n++}-trail.jsonl`);
    writeFileSync(path, encode(text));
    assert.deepEqual(await events(path), expected, encoding);
    // Gzipped: decompressed in chunks, so a character may be cut between two.
    writeFileSync(`${path}.gz`, gzipSync(encode(text)));
    assert.deepEqual(await events(`${path}.gz`), expected, `${encoding}, gzipped`);
  }
});

test("text fed one byte at a time decodes as it does whole, in any of these encodings", async () => {
  const text = '{"userName":"Zoë 日本"}\n{"b":1}\n';
  for (const [encoding, encode] of Object.entries(ENCODINGS)) {
    const stream = utf8Stream();
    const out: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => out.push(chunk));
    const done = new Promise((resolve) => stream.on("end", resolve));
    for (const byte of encode(text)) stream.write(Buffer.from([byte]));
    stream.end();
    await done;
    assert.equal(
      Buffer.concat(out)
        .toString("utf8")
        .replace(/^\uFEFF/, ""),
      text,
      encoding,
    );
  }
});

/** UTF-32, as PowerShell's `-Encoding utf32` saves it: Node cannot decode it. */
const UTF32: Record<string, (text: string) => Buffer> = {
  "UTF-32LE": (text) => Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32(text, "le")]),
  "UTF-32BE": (text) => Buffer.concat([Buffer.from([0, 0, 0xfe, 0xff]), utf32(text, "be")]),
  "UTF-32LE without BOM": (text) => utf32(text, "le"),
  "UTF-32BE without BOM": (text) => utf32(text, "be"),
};

function utf32(text: string, order: "le" | "be"): Buffer {
  const out = Buffer.alloc([...text].length * 4);
  [...text].forEach((ch, i) => {
    if (order === "le") out.writeUInt32LE(ch.codePointAt(0)!, i * 4);
    else out.writeUInt32BE(ch.codePointAt(0)!, i * 4);
  });
  return out;
}

test("a UTF-32 file is refused by every reader with an error that names the encoding", async () => {
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
  });
  for (const [encoding, encode] of Object.entries(UTF32)) {
    const path = (name: string, text: string) => {
      const file = join(dir, `${n++}-${name}`);
      writeFileSync(file, encode(text));
      return file;
    };
    const named = { message: /UTF-32/ };
    const gaad = path("gaad.json", readFileSync(demo("gaad.json"), "utf8"));
    const collectedAt = new Date("2026-11-22T00:00:00Z");
    await assert.rejects(readSnapshotFiles({ snapshot: gaad, collectedAt }), named, encoding);
    await assert.rejects(readPolicyFile(path("policy.json", policy), "policy.json"), named, encoding);
    await assert.rejects(
      readConfigFile(path("config.json", readFileSync(demo("config.json"), "utf8"))),
      named,
      encoding,
    );
    await assert.rejects(
      readEventSelectorsFiles([path("trail.json", readFileSync(demo("trail.json"), "utf8"))]),
      named,
    );
    await assert.rejects(readReport(path("report.json", JSON.stringify(reportFixture()))), named, encoding);

    const records = readFileSync(
      realData("cloudtrail", "panther", "panther-cloudtrail-records.json"),
      "utf8",
    );
    const read = await readDocument(path("trail.json", records));
    const items = read.kind === "document" ? read.items() : [];
    assert.deepEqual(
      items.map((item) => item.kind),
      ["warning"],
      encoding,
    );
    assert.match(items[0]?.kind === "warning" ? items[0].warning.message : "", /UTF-32/, encoding);
    const gzipped = join(dir, `${n++}-trail.jsonl.gz`);
    writeFileSync(gzipped, gzipSync(encode(records)));
    for (const file of [path("trail.jsonl", records), gzipped]) {
      const lines = [];
      for await (const batch of readLines(file)) lines.push(...batch);
      assert.deepEqual(
        lines.map((item) => item.kind),
        ["warning"],
        encoding,
      );
      assert.match(lines[0]?.kind === "warning" ? lines[0].warning.message : "", /UTF-32/, encoding);
    }
  }
});

test("a gzipped snapshot, credential report, config or policy file is refused as compressed, not as another encoding", async () => {
  const gzipped = (name: string, text: string) => {
    const file = join(dir, `${n++}-${name}`);
    writeFileSync(file, gzipSync(text));
    return file;
  };
  const named = { message: /gzip-compressed: decompress it/ };
  const collectedAt = new Date("2026-11-22T00:00:00Z");
  const gaad = gzipped("gaad.json", readFileSync(demo("gaad.json"), "utf8"));
  await assert.rejects(readSnapshotFiles({ snapshot: gaad, collectedAt }), named);
  const csv = gzipped("report.csv", readFileSync(demo("credential-report.csv"), "utf8"));
  await assert.rejects(
    readSnapshotFiles({ snapshot: join(repoRoot, "demo", "account", "gaad.json"), credentialReport: csv }),
    named,
  );
  await assert.rejects(
    readConfigFile(gzipped("config.json", readFileSync(demo("config.json"), "utf8"))),
    named,
  );
  await assert.rejects(readPolicyFile(gzipped("policy.json", "{}"), "policy.json"), named);
});
