import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { earlierAccountReports } from "../../core/node/earlier-account-reports.js";

test("an org run names each account folder holding a report it did not write: an account gone from the organization, or one it could not audit", async () => {
  const out = mkdtempSync(join(tmpdir(), "whittle-earlier-reports-"));
  try {
    for (const id of ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"]) {
      mkdirSync(join(out, id));
      if (id !== "555555555555") writeFileSync(join(out, id, "report.json"), "{}");
    }
    // Not an account's folder: a name of another shape, a file under an account id.
    mkdirSync(join(out, "notes"));
    writeFileSync(join(out, "notes", "report.json"), "{}");
    writeFileSync(join(out, "666666666666"), "{}");
    const warnings = await earlierAccountReports(out, [
      { accountId: "111111111111", audited: true },
      { accountId: "222222222222", audited: false },
      { accountId: "555555555555", audited: false },
    ]);
    assert.deepEqual(warnings, [
      `222222222222: ${join(out, "222222222222")} holds an earlier run's report of the account, not this run's, which could not audit it`,
      `333333333333: ${join(out, "333333333333")} holds an earlier run's report of an account that is not in the organization now; this run did not audit it`,
      `444444444444: ${join(out, "444444444444")} holds an earlier run's report of an account that is not in the organization now; this run did not audit it`,
    ]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
