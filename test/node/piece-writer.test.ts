import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writePieces } from "../../core/node/piece-writer.js";

/** Writes `pieces` through buffers of `bytes` and returns the file's bytes. */
async function written(pieces: string[], bytes: number): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "whittle-piece-writer-"));
  try {
    await writePieces(join(dir, "out"), pieces, bytes);
    return readFileSync(join(dir, "out"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the file holds the UTF-8 of the pieces joined, whatever the pieces' sizes beside the buffers'", async () => {
  const emoji = "\u{1F600}";
  const pieces = [
    "",
    "ascii ",
    "é·—✓",
    "x".repeat(40),
    `${emoji}`.repeat(9),
    "a",
    "long: ".repeat(17) + "é".repeat(23),
    "\u{10FFFF}z",
  ];
  for (const bytes of [16, 17, 18, 33, 64, 1 << 20]) {
    const actual = await written(pieces, bytes);
    assert.deepEqual(actual, Buffer.from(pieces.join(""), "utf8"), `buffers of ${bytes} bytes`);
  }
});

test("a surrogate pair split between two pieces is written as the pair, a lone half as the whole text's encoding", async () => {
  const [high, low] = ["\u{1F600}".charAt(0), "\u{1F600}".charAt(1)];
  const cases = [
    ["ab", `c${high}`, `${low}d`],
    [high, low],
    [`x${high}`, "", `${low}`],
    [`lone ${high}`, "end"],
    [`${low} lone`],
    ["end ", high],
    [high, high, low],
    [`${"é".repeat(10)}${high}`, `${low}${"é".repeat(10)}`],
  ];
  for (const pieces of cases)
    for (const bytes of [16, 17, 18, 1024])
      assert.deepEqual(
        await written(pieces, bytes),
        Buffer.from(pieces.join(""), "utf8"),
        `${JSON.stringify(pieces)} through ${bytes} bytes`,
      );
});

test("a piece of many buffers' length is written whole, its pairs never cut", async () => {
  const piece = `${"ab\u{1F600}é".repeat(500)}\u{1F600}`;
  for (const bytes of [16, 17, 18, 100])
    assert.deepEqual(
      await written(["head ", piece, " tail"], bytes),
      Buffer.from(`head ${piece} tail`, "utf8"),
    );
});

test("an error while the pieces render is the one reported, and the file is closed", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whittle-piece-writer-"));
  try {
    function* failing() {
      yield "x".repeat(100);
      throw new Error("rendering failed");
    }
    await assert.rejects(writePieces(join(dir, "out"), failing(), 16), /rendering failed/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
