import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { readGaadPageFast } from "../../../core/engine/snapshot/gaad-fast.js";
import { gaadSchemas, looksLikeGaad } from "../../../core/engine/snapshot/gaad-schema.js";
import { parseJsonValues } from "../../../core/engine/snapshot/json-text.js";
import { largeAccountGaad } from "../../helpers/large-account.js";
import { realData } from "../../helpers/paths.js";

const strict = gaadSchemas(true);

/** The fast reader must read exactly what the strict schema reads, and give up wherever it fails. */
function agrees(raw: unknown): void {
  const expected = strict.safeParse(raw);
  const fast = readGaadPageFast(raw);
  if (expected.success) assert.deepEqual(fast, expected.data);
  else assert.equal(fast, undefined, JSON.stringify(expected.error.issues[0]));
}

const realPages = [realData("cloudsplaining"), realData("cloudmapper-demo")].flatMap((dir) =>
  readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .flatMap((name) => parseJsonValues(readFileSync(`${dir}/${name}`, "utf8"), name))
    .filter(looksLikeGaad),
);

test("real and generated pages read the same as through the strict schema", () => {
  assert.ok(realPages.length >= 6);
  for (const page of [...realPages, largeAccountGaad({ roles: 40 })]) agrees(page);
  // Dates as SDK v3 gives them, and documents already decoded.
  agrees({
    RoleDetailList: [
      {
        Path: "/",
        RoleName: "r",
        RoleId: "R",
        Arn: "arn:aws:iam::111122223333:role/r",
        CreateDate: new Date("2024-01-01T00:00:00Z"),
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] },
        RoleLastUsed: {},
      },
    ],
  });
});

test("a document repeated in a page is decoded once and shared, and equal to its own decoding", () => {
  const text = encodeURIComponent(JSON.stringify({ Version: "2012-10-17", Statement: [] }));
  const policy = (name: string, document: unknown) => ({
    PolicyName: name,
    Arn: `arn:aws:iam::111122223333:policy/${name}`,
    DefaultVersionId: "v1",
    CreateDate: "2024-01-01T00:00:00Z",
    PolicyVersionList: [{ Document: document, VersionId: "v1", IsDefaultVersion: true }],
  });
  const raw = { Policies: [policy("a", text), policy("b", text), policy("c", { Version: "2012-10-17" })] };
  agrees(raw);
  const [a, b, c] = readGaadPageFast(raw)!.Policies!.map((p) => p.PolicyVersionList[0]!.Document);
  assert.equal(a, b);
  assert.deepEqual(a, { Version: "2012-10-17", Statement: [] });
  assert.deepEqual(c, { Version: "2012-10-17" });
  // Another page decodes its own: nothing is kept between pages.
  assert.notEqual(readGaadPageFast(raw)!.Policies![0]!.PolicyVersionList[0]!.Document, a);
});

/** Every place in a value, as a path of keys and indexes. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

const small = [
  largeAccountGaad({ roles: 3, users: 2 }),
  realPages.find((p) => JSON.stringify(p).length < 60_000)!,
];
/** What a broken page holds instead of a value (DELETE: nothing), or beside it (an unknown field). */
const DELETE = Symbol("delete");
const UNKNOWN_FIELD = Symbol("unknown field");
const MUTATIONS: unknown[] = [
  DELETE,
  null,
  7.5,
  "%zz not a document",
  "2024-13-45",
  [],
  { Unknown: 1 },
  UNKNOWN_FIELD,
];
const mutate = (parent: Record<string | number, unknown>, key: string | number, how: unknown) => {
  if (how === DELETE) delete parent[key];
  else if (how === UNKNOWN_FIELD) parent.SomethingNew = "x";
  else parent[key] = how;
};

test("a page broken anywhere, in any way, is read as the strict schema reads it or left to it", () => {
  fc.assert(
    fc.property(fc.nat(), fc.nat(), fc.nat(MUTATIONS.length - 1), (which, where, how) => {
      const page = structuredClone(small[which % small.length]);
      const all = paths(page).filter((p) => p.length > 0);
      const path = all[where % all.length]!;
      let parent = page as Record<string | number, unknown>;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
      mutate(parent, path[path.length - 1]!, MUTATIONS[how]);
      agrees(page);
    }),
    { numRuns: 600 },
  );
});
