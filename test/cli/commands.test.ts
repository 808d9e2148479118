import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { Command } from "commander";
import { COMMANDS } from "../../cli/commands/index.js";
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

  test("an unknown command is a usage error (exit 2) naming the command", () => {
    const run = whittle("audti");
    assert.equal(run.status, 2);
    assert.match(run.stderr, /unknown command 'audti'/);
  });

  test("the test run uses the compiled CLI, as `npm ci` leaves it", () => {
    assert.ok(existsSync(join(repoRoot, "dist", "cli", "main.js")), "dist/cli/main.js: run `npm run build`");
  });
});
