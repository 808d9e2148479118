import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { CreateUserCommand } from "@aws-sdk/client-iam";
import { deserializeSnapshot } from "../../core/engine/snapshot/serialize.js";
import { CLI_RETRY_ENV, type MotoServer, startMoto } from "../helpers/moto.js";
import { realData, repoRoot } from "../helpers/paths.js";

const dir = mkdtempSync(join(tmpdir(), "whittle-cli-snapshot-"));
const gaad = realData("cloudmapper-demo", "iam-get-account-authorization-details.json");
const report = realData("cloudmapper-demo", "iam-get-credential-report.json");

let moto: MotoServer;
before(async () => {
  moto = await startMoto();
});
after(async () => {
  await moto.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI; `limit` is a shell `ulimit` set for it first. */
function whittle(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  limit?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const [command, argv] = limit
      ? ["bash", ["-c", `${limit} && exec "$0" "$@"`, process.execPath, "bin/whittle.js", ...args]]
      : [process.execPath, ["bin/whittle.js", ...args]];
    const child = spawn(command as string, argv as string[], {
      cwd: repoRoot,
      env: { ...process.env, ...CLI_RETRY_ENV, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += c;
    });
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The error line, without warnings (an end-of-life Node's notice is one). */
const errorLines = (stderr: string) =>
  stderr.split("\n").filter((l) => l.startsWith("whittle: ") && !l.includes("warning:"));

test("offline: the CloudMapper demo files become a snapshot file that reads back", async () => {
  const out = join(dir, "demo.json");
  const run = await whittle(["snapshot", "--snapshot", gaad, "--credential-report", report, "--out", out]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /account 123456789012, 2 users, 1 groups, 4 roles/);
  assert.match(run.stderr, /warning: the credential report lists arn:aws:iam::123456789012:user\/user/);
  const snapshot = deserializeSnapshot(readFileSync(out, "utf8"), out);
  assert.equal(snapshot.root?.accessKeys[0]?.status, "Active");
});

test("an --out that cannot be written is an input error (exit 2) naming it; a missing folder is made", async () => {
  for (const [out, reason] of [
    ["/proc/x/s.json", /cannot create \/proc\/x/],
    [dir, /cannot write .*: it is a folder/],
  ] as const) {
    const run = await whittle(["snapshot", "--snapshot", gaad, "--out", out]);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(errorLines(run.stderr).length, 1, run.stderr);
    assert.match(errorLines(run.stderr)[0] ?? "", reason);
  }
  const nested = join(dir, "new", "folder", "s.json");
  const run = await whittle(["snapshot", "--snapshot", gaad, "--out", nested]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(deserializeSnapshot(readFileSync(nested, "utf8"), nested).accountId, "123456789012");
});

test("live: a moto account is collected through --endpoint-url", async () => {
  await moto.clients.iam.send(new CreateUserCommand({ UserName: "cli-user" }));
  const out = join(dir, "live.json");
  const run = await whittle(
    ["snapshot", "--endpoint-url", moto.endpoint, "--region", "us-east-1", "--out", out],
    {
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
    },
  );
  assert.equal(run.code, 0, run.stderr);
  const snapshot = deserializeSnapshot(readFileSync(out, "utf8"));
  assert.deepEqual(
    snapshot.users.map((u) => u.name),
    ["cli-user"],
  );
  assert.deepEqual(snapshot.passwordPolicy, { status: "absent" });
  assert.match(run.stderr, /warning: service last-accessed data is unavailable/);
  // The SDK's multi-line Node-version notice never shows; on an end-of-life Node one line says so.
  assert.doesNotMatch(run.stderr, /NodeVersionSupportWarning|AWS SDK for JavaScript/);
  const endOfLife = Number(process.versions.node.split(".")[0]) <= 20 ? 1 : 0;
  assert.equal(run.stderr.split("\n").filter((l) => l.includes("end of life")).length, endOfLife);
});

test("truncated JSON exits 2 with one line naming the file and line", async () => {
  const cut = join(dir, "cut.json");
  writeFileSync(cut, readFileSync(gaad, "utf8").slice(0, 500));
  const run = await whittle(["snapshot", "--snapshot", cut, "--out", join(dir, "x.json")]);
  assert.equal(run.code, 2);
  assert.deepEqual(errorLines(run.stderr).length, 1);
  assert.match(errorLines(run.stderr)[0] ?? "", /cut\.json, line 1, column 1: truncated JSON/);
});

test("a snapshot that fails removes the folders made for its --out, and keeps a folder that was there", async () => {
  const cut = join(dir, "cut-made.json");
  writeFileSync(cut, readFileSync(gaad, "utf8").slice(0, 500));
  const run = await whittle(["snapshot", "--snapshot", cut, "--out", join(dir, "made", "sub", "s.json")]);
  assert.equal(run.code, 2, run.stderr);
  assert.equal(existsSync(join(dir, "made")), false);
  const had = join(dir, "had");
  mkdirSync(had);
  assert.equal((await whittle(["snapshot", "--snapshot", cut, "--out", join(had, "s.json")])).code, 2);
  assert.deepEqual(readdirSync(had), []);
});

test("a snapshot whose write fails midway keeps the snapshot that was there, whole, and leaves no partial file", async () => {
  const folder = join(dir, "limited");
  mkdirSync(folder);
  const out = join(folder, "s.json");
  assert.equal((await whittle(["snapshot", "--snapshot", gaad, "--out", out])).code, 0);
  const earlier = readFileSync(out, "utf8");
  assert.ok(earlier.length > 8192, `${earlier.length} characters`);
  // A file-size limit of 4 KiB: the write fails with EFBIG after its first 4 KiB, as on a full disk.
  const run = await whittle(
    ["snapshot", "--snapshot", gaad, "--credential-report", report, "--out", out],
    {},
    "ulimit -f 4",
  );
  assert.equal(run.code, 2, run.stderr);
  assert.match(errorLines(run.stderr)[0] ?? "", /cannot write .*s\.json: EFBIG/);
  assert.equal(readFileSync(out, "utf8"), earlier);
  assert.deepEqual(readdirSync(folder), ["s.json"]);
  deserializeSnapshot(readFileSync(out, "utf8"), out);
});

test("a credential report missing columns exits 2 naming the file and the columns", async () => {
  const csv = join(dir, "short.csv");
  writeFileSync(csv, "user,arn,mfa_active\n<root_account>,arn:aws:iam::1:root,true\n");
  const run = await whittle([
    "snapshot",
    "--snapshot",
    gaad,
    "--credential-report",
    csv,
    "--out",
    join(dir, "x.json"),
  ]);
  assert.equal(run.code, 2);
  assert.match(
    errorLines(run.stderr)[0] ?? "",
    /short\.csv, line 1: the credential report lacks the column\(s\) user_creation_time/,
  );
});

test("a policy document that is not JSON exits 2 naming its JSON path", async () => {
  const bad = join(dir, "bad-doc.json");
  const value = JSON.parse(readFileSync(gaad, "utf8"));
  value.RoleDetailList[1].AssumeRolePolicyDocument = "{not json";
  writeFileSync(bad, JSON.stringify(value));
  const run = await whittle(["snapshot", "--snapshot", bad, "--out", join(dir, "x.json")]);
  assert.equal(run.code, 2);
  assert.match(
    errorLines(run.stderr)[0] ?? "",
    /bad-doc\.json, at RoleDetailList\[1\]\.AssumeRolePolicyDocument: policy document is not valid JSON/,
  );
});

test("mixing offline and live options, or a report without --snapshot, exits 2", async () => {
  const mixed = await whittle([
    "snapshot",
    "--snapshot",
    gaad,
    "--profile",
    "p",
    "--out",
    join(dir, "x.json"),
  ]);
  assert.equal(mixed.code, 2);
  assert.match(mixed.stderr, /--snapshot reads saved files; --profile would be unused/);
  const lonely = await whittle(["snapshot", "--credential-report", report, "--out", join(dir, "x.json")]);
  assert.equal(lonely.code, 2);
  assert.match(lonely.stderr, /--credential-report goes with --snapshot/);
});

test("--out is required", async () => {
  const run = await whittle(["snapshot", "--snapshot", gaad]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--out/);
});
