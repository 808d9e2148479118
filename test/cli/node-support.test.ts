import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { NODE_END_OF_LIFE, nodeSupportNotice } from "../../cli/node-support.js";
import { repoRoot } from "../helpers/paths.js";

const on = (date: string) => new Date(`${date}T12:00:00Z`);

test("Node 20 ended on 2026-04-30: from then on one line recommends Node 22 or 24", () => {
  assert.equal(nodeSupportNotice("v20.20.2", on("2026-04-29")), undefined);
  assert.equal(
    nodeSupportNotice("v20.20.2", on("2026-12-01")),
    "whittle: warning: Node v20.20.2 reached its end of life on 2026-04-30 and gets no security fixes; use Node 22 or 24.",
  );
});

test("Node 22 and 24 are supported today; Node 22's notice starts after 2027-04-30 and names only 24", () => {
  assert.equal(nodeSupportNotice("v22.12.0", on("2026-12-01")), undefined);
  assert.equal(nodeSupportNotice("v24.22.3", on("2026-12-01")), undefined);
  assert.match(nodeSupportNotice("v22.12.0", on("2027-05-01")) ?? "", /on 2027-04-30 .*; use Node 24\.$/);
});

test("lines older than the table are past their end; newer ones are not", () => {
  assert.match(
    nodeSupportNotice("v16.20.0", on("2026-12-01")) ?? "",
    /Node v16\.20\.0 reached its end of life and/,
  );
  assert.equal(nodeSupportNotice("v26.1.0", on("2026-12-01")), undefined);
});

for (const [major, date] of Object.entries(NODE_END_OF_LIFE)) {
  test(`Node ${major} is supported until ${date} and not after`, () => {
    const day = Date.parse(date);
    const before = new Date(day - 86_400_000);
    assert.equal(nodeSupportNotice(`v${major}.0.0`, before), undefined);
    assert.match(nodeSupportNotice(`v${major}.0.0`, new Date(day)) ?? "", new RegExp(`on ${date} `));
  });
}

test("the CLI prints the notice once, on stderr, only on an end-of-life Node, never in JSON output", () => {
  const file = join(mkdtempSync(join(tmpdir(), "whittle-node-")), "policy.json");
  const statement = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/*" };
  writeFileSync(file, JSON.stringify({ Version: "2012-10-17", Statement: [statement] }));
  const run = spawnSync(process.execPath, ["bin/whittle.js", "validate", "--format", "json", file], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  JSON.parse(run.stdout);
  const notices = run.stderr.split("\n").filter((l) => l.includes("end of life"));
  assert.equal(notices.length, Number(process.versions.node.split(".")[0]) <= 20 ? 1 : 0);
  assert.doesNotMatch(run.stdout, /end of life/);
  assert.doesNotMatch(run.stderr, /NodeVersionSupportWarning/);
});
