import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { readCredentialReport } from "../../../core/engine/snapshot/credential-report.js";
import { SnapshotInputError } from "../../../core/engine/snapshot/errors.js";
import { realData } from "../../helpers/paths.js";

const HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

const demoCsv = () =>
  JSON.parse(readFileSync(realData("cloudmapper-demo", "iam-get-credential-report.json"), "utf8")).Content;

test("the CloudMapper demo report: root facts and both users", () => {
  const report = readCredentialReport(demoCsv(), "demo.csv");
  assert.deepEqual(report.warnings, []);
  assert.equal(report.root?.mfaActive, true);
  assert.equal(report.root?.passwordLastUsed, "2019-03-03T16:58:16.000Z");
  assert.deepEqual(
    report.root?.accessKeys.map((k) => k.status),
    ["Active"],
  );
  const user = report.credentials["arn:aws:iam::123456789012:user/user"];
  assert.equal(user?.password.enabled, true);
  assert.equal(user?.mfa.active, false);
  assert.deepEqual(
    user?.accessKeys.map((k) => [k.slot, k.status, k.lastUsed, k.lastUsedService]),
    [
      [1, "Active", null, undefined],
      [2, "Active", "2018-05-07T15:35:54.000Z", "s3"],
    ],
  );
});

test("a key's N/A means never used; an empty slot is no key", () => {
  const row =
    "u,arn:aws:iam::1:user/u,2020-01-01T00:00:00+00:00,true,no_information,2020-01-01T00:00:00+00:00,N/A,true,true,2020-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
  const c = readCredentialReport(`${HEADER}\n${row}\n`).credentials["arn:aws:iam::1:user/u"];
  assert.equal(c?.accessKeys.length, 1);
  assert.equal(c?.accessKeys[0]?.lastUsed, null);
});

test("a password's no_information means never used for users created after IAM began tracking (2014-10-20)", () => {
  const row = (created: string, lastUsed: string) =>
    `u,arn:aws:iam::1:user/u,${created},true,${lastUsed},2020-01-01T00:00:00+00:00,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const password = (created: string, lastUsed: string) =>
    readCredentialReport(`${HEADER}\n${row(created, lastUsed)}\n`).credentials["arn:aws:iam::1:user/u"]
      ?.password;
  assert.equal(password("2020-01-01T00:00:00+00:00", "no_information")?.lastUsed, null);
  assert.equal(
    "lastUsed" in (password("2013-05-01T00:00:00+00:00", "no_information") ?? {}),
    false,
    "unknown before tracking",
  );
  assert.equal("lastUsed" in (password("2020-01-01T00:00:00+00:00", "N/A") ?? {}), false, "N/A: no password");
});

test("a report missing columns is an error naming the file, line 1 and the columns", () => {
  const header = HEADER.replace(",mfa_active", "").replace(",access_key_2_last_used_date", "");
  assert.throws(
    () => readCredentialReport(`${header}\n`, "report.csv"),
    (error: unknown) =>
      error instanceof SnapshotInputError &&
      error.file === "report.csv" &&
      error.line === 1 &&
      /mfa_active, access_key_2_last_used_date/.test(error.message),
  );
});

// Two spreadsheets' columns pasted side by side: read by name, the last column of a name won, so a
// key one column shows used last week read as never used (N/A), a false unused.
test("a report naming a column twice is an error naming the column, not one of the two read", () => {
  const header = `${HEADER},access_key_1_last_used_date`;
  const row =
    "u,arn:aws:iam::111122223333:user/u,2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,true,2020-01-01T00:00:00+00:00,2026-11-20T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A,N/A";
  assert.throws(
    () => readCredentialReport(`${header}\n${row}\n`, "pasted.csv"),
    (error: unknown) =>
      error instanceof SnapshotInputError &&
      error.file === "pasted.csv" &&
      error.line === 1 &&
      /access_key_1_last_used_date/.test(error.message),
  );
});

// Read as inactive, a root key whose flag a tool rewrote (`Yes`, `1`) was no root access key at
// all, nor a key to rotate, while a password or certificate whose flag cannot be read counts as one.
test("an access key whose active flag cannot be read counts as active, with a warning", () => {
  const slots = (flag: string) =>
    `${flag},2020-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const csv = [
    HEADER,
    `<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,${slots("Yes")}`,
    `u,arn:aws:iam::111122223333:user/u,2020-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false,${slots("1")}`,
  ].join("\n");
  const report = readCredentialReport(csv, "edited.csv");
  assert.deepEqual(
    report.root?.accessKeys.map((k) => k.status),
    ["Active"],
  );
  assert.deepEqual(
    report.credentials["arn:aws:iam::111122223333:user/u"]?.accessKeys.map((k) => k.status),
    ["Active"],
  );
  assert.deepEqual(report.warnings, [
    'edited.csv, line 2: access_key_1_active is neither true nor false: "Yes"',
    'edited.csv, line 3: access_key_1_active is neither true nor false: "1"',
  ]);
});

test("a row with the wrong number of fields is an error at its line", () => {
  assert.throws(
    () => readCredentialReport(`${HEADER}\nonly,three,fields\n`, "short.csv"),
    (error: unknown) =>
      error instanceof SnapshotInputError && error.line === 2 && /short\.csv, line 2/.test(error.message),
  );
});

test("an unreadable value is a warning naming the line; the rest of the row is kept", () => {
  const row =
    "u,arn:aws:iam::1:user/u,yesterday,true,N/A,N/A,N/A,maybe,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";
  const report = readCredentialReport(`${HEADER}\n${row}`, "r.csv");
  assert.equal(report.credentials["arn:aws:iam::1:user/u"]?.password.enabled, true);
  assert.deepEqual(report.warnings, [
    'r.csv, line 2: user_creation_time is not a date: "yesterday"; treated as unknown',
    'r.csv, line 2: mfa_active is neither true nor false: "maybe"',
  ]);
});

test("any text gives a report or a SnapshotInputError, never another exception", () => {
  const rows = fc.array(
    fc.array(
      fc.oneof(
        fc.constantFrom("N/A", "true", "false", "no_information", "2020-01-01T00:00:00+00:00"),
        fc.string(),
      ),
      { minLength: 22, maxLength: 22 },
    ),
  );
  const check = (csv: string) => {
    try {
      readCredentialReport(csv, "fuzz.csv");
    } catch (error) {
      assert.ok(error instanceof SnapshotInputError, String(error));
    }
  };
  fc.assert(fc.property(fc.string(), check), { numRuns: 300 });
  fc.assert(
    fc.property(rows, (r) => check([HEADER, ...r.map((cells) => cells.join(","))].join("\n"))),
    { numRuns: 300 },
  );
});

test("two rows for one user or for root are warned about, and no use either row shows is lost to the other", () => {
  const csv = demoCsv().trim();
  const lines = csv.split("\n");
  const userRow = lines.find((l: string) => l.startsWith("user,arn:"))!;
  const rootRow = lines.find((l: string) => l.startsWith("<root_account>,"))!;
  // The same user as a stale copy would show them: password and second key "never used".
  const cells = userRow.split(",");
  cells[4] = "no_information";
  cells[15] = "N/A";
  const neverUsed = cells.join(",");
  const rootCells = rootRow.split(",");
  rootCells[4] = "no_information";
  rootCells[10] = "N/A";
  for (const extra of [
    [neverUsed, rootCells.join(",")],
    [userRow, rootRow],
  ]) {
    // Either order: the row showing use first or last.
    const text =
      extra[0] === userRow
        ? [HEADER, neverUsed, rootCells.join(","), ...extra].join("\n")
        : [csv, ...extra].join("\n");
    const report = readCredentialReport(text, "pasted.csv");
    const user = report.credentials["arn:aws:iam::123456789012:user/user"];
    assert.equal(user?.password.lastUsed, "2018-05-07T15:35:54.000Z");
    assert.deepEqual(
      user?.accessKeys.map((k) => [k.slot, k.lastUsed, k.lastUsedService]),
      [
        [1, null, undefined],
        [2, "2018-05-07T15:35:54.000Z", "s3"],
      ],
    );
    assert.equal(report.root?.passwordLastUsed, "2019-03-03T16:58:16.000Z");
    assert.equal(report.root?.accessKeys[0]?.lastUsed, "2018-11-27T00:02:00.000Z");
    assert.equal(report.warnings.length, 2, report.warnings.join("\n"));
    assert.match(
      report.warnings[0] ?? "",
      /^pasted\.csv, line \d+: a second row for "arn:aws:iam::123456789012:user\/user" \(first on line \d+\)/,
    );
    assert.match(report.warnings[1] ?? "", /a second row for "<root_account>"/);
  }
});

test("a row whose arn is a name objects carry (toString, __proto__) is read as its own user, not a crash or a lost row", () => {
  const row = (arn: string) =>
    `u,${arn},2020-01-01T00:00:00+00:00,true,N/A,2020-01-01T00:00:00+00:00,N/A,true,true,2020-01-01T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const report = readCredentialReport(
    [HEADER, row("toString"), row("__proto__"), row("constructor")].join("\n"),
  );
  assert.deepEqual(Object.keys(report.credentials).sort(), ["__proto__", "constructor", "toString"]);
  for (const arn of ["toString", "__proto__", "constructor"]) {
    assert.ok(Object.hasOwn(report.credentials, arn), arn);
    assert.equal(report.credentials[arn]?.accessKeys.length, 1, arn);
  }
  assert.equal(Object.getPrototypeOf(report.credentials), Object.prototype);
});
