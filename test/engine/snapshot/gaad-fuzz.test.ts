import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { SnapshotInputError } from "../../../core/engine/snapshot/errors.js";
import { readOfflineSnapshot } from "../../../core/engine/snapshot/offline.js";

const collectedAt = new Date("2026-01-01T00:00:00Z");

function readsOrFailsCleanly(text: string): void {
  try {
    readOfflineSnapshot({ snapshot: { file: "fuzz.json", text }, collectedAt });
  } catch (error) {
    assert.ok(error instanceof SnapshotInputError, `unexpected ${(error as Error)?.stack}`);
  }
}

const gaadLike = fc.record(
  {
    UserDetailList: fc.array(
      fc.dictionary(
        fc.constantFrom("UserName", "Arn", "UserId", "Path", "CreateDate", "Tags", "GroupList"),
        fc.jsonValue(),
      ),
    ),
    RoleDetailList: fc.array(
      fc.record({
        RoleName: fc.string(),
        Arn: fc.string(),
        RoleId: fc.string(),
        Path: fc.string(),
        CreateDate: fc.oneof(
          fc.string(),
          fc.date().map((d) => (Number.isNaN(d.getTime()) ? "x" : d.toISOString())),
        ),
        AssumeRolePolicyDocument: fc.oneof(
          fc.jsonValue(),
          fc.string().map((s) => `%${s}`),
        ),
      }),
    ),
    Policies: fc.array(fc.jsonValue()),
  },
  { requiredKeys: [] },
);

test("any text gives a snapshot or a SnapshotInputError, never another exception", () => {
  fc.assert(fc.property(fc.string(), readsOrFailsCleanly), { numRuns: 500 });
});

test("any JSON value gives a snapshot or a SnapshotInputError", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => readsOrFailsCleanly(JSON.stringify(value))),
    { numRuns: 500 },
  );
});

test("GAAD-shaped values with arbitrary fields give a snapshot or a SnapshotInputError", () => {
  fc.assert(
    fc.property(gaadLike, (value) => readsOrFailsCleanly(JSON.stringify(value))),
    { numRuns: 500 },
  );
});

test("a GAAD cut at any point gives a SnapshotInputError naming a line", () => {
  const full = JSON.stringify(
    {
      RoleDetailList: [
        {
          RoleName: "r",
          Arn: "arn:aws:iam::111122223333:role/r",
          RoleId: "R",
          Path: "/",
          CreateDate: "2024-01-01T00:00:00Z",
        },
      ],
    },
    null,
    2,
  );
  fc.assert(
    fc.property(fc.integer({ min: 1, max: full.length - 1 }), (cut) => {
      assert.throws(
        () => readOfflineSnapshot({ snapshot: { file: "cut.json", text: full.slice(0, cut) }, collectedAt }),
        (error: unknown) => error instanceof SnapshotInputError && typeof error.line === "number",
      );
    }),
  );
});
