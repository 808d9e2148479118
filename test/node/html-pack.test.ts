import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { gunzipSync } from "node:zlib";
import { packText, pagePacker } from "../../core/node/html-pack.js";

const unpacked = (packed: string) => gunzipSync(Buffer.from(packed, "base64")).toString("utf8");

test("a page's packer gives every text the packing packText gives it, met once or again", () => {
  const pack = pagePacker();
  const texts = [
    "s3:GetObject\ns3:PutObject",
    "é·\u{1F600}",
    "s3:GetObject\ns3:PutObject",
    "",
    "x".repeat(5000),
    "é·\u{1F600}",
  ];
  for (const text of texts) {
    const packed = pack(text);
    assert.equal(packed, packText(text));
    assert.equal(unpacked(packed), text);
  }
});

test("texts past what a page's packer keeps are packed again, the same, when met again", () => {
  const pack = pagePacker();
  // Random hex packs to about two thirds of its length: four of these are more than the packer keeps.
  const texts = Array.from({ length: 4 }, () => randomBytes(2 << 20).toString("hex"));
  for (const text of [...texts, ...texts]) assert.equal(pack(text), packText(text));
});
