import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { repoRoot } from "../helpers/paths.js";

const dir = mkdtempSync(join(tmpdir(), "whittle-validate-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | object): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

function whittle(...args: string[]) {
  const run = spawnSync(process.execPath, ["bin/whittle.js", "validate", ...args], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  // An end-of-life Node's one-line notice (test/cli/node-support.test.ts) is not the command's output.
  const stderr = run.stderr
    .split("\n")
    .filter((l) => !l.includes("end of life"))
    .join("\n");
  return { code: run.status, stdout: run.stdout, stderr };
}

const clean = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }],
};
const risky = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }],
};

describe("whittle validate", () => {
  test("a clean policy exits 0 and says so", () => {
    const path = file("clean.json", clean);
    const run = whittle(path);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout,
      `${path}: no problems\n1 file: 0 errors, 0 security warnings, 0 warnings, 0 suggestions\n`,
    );
  });

  test("warnings alone exit 0; each problem is one line with file, severity, code and statement", () => {
    const path = file("risky.json", risky);
    const run = whittle(path);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`^${path}: SECURITY pass-role-wildcard Statement\\[0\\]: .*iam:PassRole`, "m"),
    );
    assert.match(run.stdout, /^1 file: 0 errors, 1 security warning, 1 warning, 0 suggestions$/m);
  });

  test("a malformed file is an error and exits 2; the other files are still linted", () => {
    const bad = file("malformed.json", '{"Version": "2012-10-17", "Statement": [');
    const good = file("good.json", clean);
    const run = whittle(bad, good);
    assert.equal(run.code, 2);
    assert.match(run.stdout, new RegExp(`^${bad}: ERROR malformed-json: `, "m"));
    assert.match(run.stdout, new RegExp(`^${good}: no problems$`, "m"));
  });

  test("a URL-encoded document, as the IAM API returns it, is decoded and linted", () => {
    const path = file("encoded.txt", encodeURIComponent(JSON.stringify(risky)));
    const run = whittle(path);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /SECURITY pass-role-wildcard/);
  });

  test("a policy file with a key written twice warns at that key, and a Statement of null is one error on Statement", () => {
    const twice = file(
      "twice.json",
      '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*","Effect":"Allow"}]}',
    );
    const none = file("none.json", '{"Version":"2012-10-17","Statement":null}');
    const run = whittle(twice, none);
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stdout,
      /twice\.json: WARNING duplicate-key Statement\[0\]: Statement\[0\]\.Effect is written twice/,
    );
    assert.match(run.stdout, /none\.json: ERROR invalid-statement Statement: Statement must be/);
    assert.doesNotMatch(run.stdout, /Statement\[0\]: a statement must be/);
  });

  test("--format json prints problems and a summary as data", () => {
    const path = file("json-out.json", {
      Statement: [{ Sid: "bad sid", Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }],
    });
    const run = whittle("--format", "json", path);
    assert.equal(run.code, 2);
    const output = JSON.parse(run.stdout);
    assert.deepEqual(
      output.files[0].problems.map((p: { code: string; severity: string }) => [p.code, p.severity]),
      [
        ["missing-version", "warning"],
        ["invalid-sid", "error"],
      ],
    );
    assert.deepEqual(output.summary, {
      files: 1,
      error: 1,
      security: 0,
      warning: 1,
      suggestion: 0,
      unreadable: 0,
    });
  });

  test("--quiet prints only errors", () => {
    const path = file("quiet.json", {
      Statement: [{ Sid: "x y", Effect: "Allow", Action: "iam:PassRole", Resource: "*" }],
    });
    const run = whittle("--quiet", path);
    assert.equal(run.code, 2);
    assert.equal(
      run.stdout,
      `${path}: ERROR invalid-sid Statement[0]: Sid "x y" may hold only letters A-Z, a-z and digits\n`,
    );
  });

  test("--kind trust makes a Resource element an error; --max-size applies a quota of the kind's class", () => {
    const trust = file("trust.json", {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "ec2.amazonaws.com" },
          Action: "sts:AssumeRole",
          Resource: "*",
        },
      ],
    });
    assert.match(whittle("--kind", "trust", trust).stdout, /ERROR resource-in-trust-policy/);
    // Over the identity quota is a warning, as Access Analyzer classes it; over the SCP quota an error.
    const sized = whittle("--max-size", "50", file("sized.json", clean));
    assert.equal(sized.code, 0);
    assert.match(
      sized.stdout,
      /WARNING policy-too-large: \d+ characters \(whitespace excluded\) exceed the 50-character quota/,
    );
    const scp = whittle("--kind", "scp", "--max-size", "50", file("sized-scp.json", clean));
    assert.equal(scp.code, 2);
    assert.match(scp.stdout, /ERROR scp-too-large: \d+ characters exceed the 50-character quota/);
  });

  test("an unreadable file, an array of documents and an account dump give one clear line on stderr and exit 2", () => {
    const missing = join(dir, "missing.json");
    const array = file("array.json", [clean, clean]);
    const gaad = file("gaad.json", { UserDetailList: [], RoleDetailList: [], Policies: [] });
    const run = whittle(missing, array, gaad);
    assert.equal(run.code, 2);
    assert.deepEqual(run.stderr.trim().split("\n"), [
      `whittle: ${missing}: cannot read the file (ENOENT)`,
      `whittle: ${array}: holds a JSON array; validate takes one policy document per file`,
      `whittle: ${gaad}: is an account authorization dump (GAAD), not a policy document; use "whittle audit --snapshot"`,
    ]);
  });

  test("a document nested deeper than the linter can walk is one file not linted; the others are", () => {
    const depth = 100_000;
    const deep = file(
      "deep.json",
      `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Sid":${'{"a":'.repeat(depth)}1${"}".repeat(depth)}}]}`,
    );
    const good = file("good-beside-deep.json", clean);
    const run = whittle(deep, good);
    assert.equal(run.code, 2);
    assert.match(run.stderr, new RegExp(`^whittle: ${deep}: the document nests too deeply to lint`, "m"));
    assert.match(run.stdout, new RegExp(`^${good}: no problems$`, "m"));
    assert.match(run.stdout, /^2 files: .*, 1 not linted$/m);
  });

  test("a hostile file name cannot forge output lines or run anything", () => {
    const path = file("evil\n$(touch pwned)\u001b[31m.json", risky);
    const run = whittle(path);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trimEnd().split("\n");
    assert.ok(
      lines.every(
        (line) =>
          line.startsWith(`${dir}/evil\\u000a$(touch pwned)\\u001b[31m.json: `) || /^1 file:/.test(line),
      ),
    );
    assert.ok(!run.stdout.includes("\u001b"));
  });

  test("bad flags are usage errors (exit 2) and --help shows examples", () => {
    assert.equal(whittle("--max-size", "zero", file("flags.json", clean)).code, 2);
    assert.equal(whittle("--kind", "group", file("flags2.json", clean)).code, 2);
    const help = whittle("--help");
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Examples:\n {2}\$ whittle validate policy\.json/);
  });
});

describe("whittle validate reports every problem", () => {
  test("a statement with five problems prints five, each with its code", () => {
    const path = file("five.json", {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "read objects",
          Effect: "Alow",
          Action: "s3:GetObjekt",
          Resource: "arn:aws:s3:us-east-1::reports/q1.csv",
          Condition: { StringEquals: { "s3:nosuchkey": "x" } },
        },
      ],
    });
    const run = whittle(path);
    assert.equal(run.code, 2);
    const lines = run.stdout.trimEnd().split("\n");
    assert.deepEqual(
      lines.slice(0, -1).map((line) => line.split(" ").slice(1, 3).join(" ")),
      [
        "ERROR invalid-effect",
        "ERROR invalid-sid",
        "ERROR unknown-action",
        "ERROR invalid-arn-resource",
        "ERROR unknown-condition-key",
      ],
    );
    assert.equal(lines.at(-1), "1 file: 5 errors, 0 security warnings, 0 warnings, 0 suggestions");
  });

  test("--kind scp applies the service control policy grammar", () => {
    const path = file("scp.json", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Principal: "*", Action: "ec2:*", Resource: "*" }],
    });
    const run = whittle("--kind", "scp", path);
    assert.equal(run.code, 2);
    assert.match(
      run.stdout,
      /ERROR principal-in-scp Statement\[0\]: a service control policy takes no Principal/,
    );
  });

  test("hostile strings inside a document are escaped, never printed raw", () => {
    const path = file("hostile.json", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:Get\u001b[31m\nObject", Resource: "*" }],
    });
    const run = whittle(path);
    assert.equal(run.code, 2);
    assert.ok(!run.stdout.includes("\u001b"));
    assert.match(run.stdout, /ERROR invalid-action Statement\[0\]: "s3:Get\\u001b\[31m\\u000aObject"/);
  });
});
