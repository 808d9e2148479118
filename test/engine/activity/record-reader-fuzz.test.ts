import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { itemsFromParse, itemsFromText } from "../../../core/engine/activity/documents.js";
import { readDeliveryRecords } from "../../../core/engine/activity/record-reader.js";
import type { ActivityItem } from "../../../core/engine/activity/types.js";
import { projected } from "../../helpers/record-projection.js";

/** A JSON value as written: numbers keep their text, objects their key order and repeated keys. */
type Node =
  | { kind: "string"; value: string }
  | { kind: "number"; text: string }
  | { kind: "literal"; text: "true" | "false" | "null" }
  | { kind: "object"; pairs: [string, Node][] }
  | { kind: "array"; items: Node[] };

const hostileChar = fc.oneof(
  fc.constantFrom('"', "\\", "/", "\u0000", "\u001f", "\n", "\u007f", "\u2028", "\ud800", "\udfff", "é", "<"),
  fc.constantFrom("\ud83d\ude00", "</script>", '\\"', "\\\\", "\\u0000"),
  fc.string({ unit: "binary", maxLength: 2 }),
  fc.string({ maxLength: 4 }),
);
const hostileString = fc.oneof(
  fc.array(hostileChar, { maxLength: 10 }).map((parts) => parts.join("")),
  fc.constantFrom("s3.amazonaws.com", "GetObject", "2026-11-01T00:00:00Z", "AssumedRole", "IAMUser", ""),
  fc.constantFrom("arn:aws:iam::123456789012:role/app", "arn:aws:sts::123456789012:assumed-role/app/s"),
  fc.integer({ min: 64, max: 3000 }).map((n) => "x".repeat(n)),
);
const numberText = fc.oneof(
  fc.constantFrom("0", "-0", "1", "-1", "0.5", "1e5", "1E+5", "1e-5", "-0.0e0", "12.50", "1e400", "5e-324"),
  fc.constantFrom("123456789012345678901234567890", "1.7976931348623157e308", "-9007199254740993"),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.integer().map(String),
);
/** Seldom, a number JSON does not allow (the whole text is then invalid). */
const badNumber = fc.constantFrom(
  "01",
  "-",
  "1.",
  ".5",
  "+1",
  "1e",
  "1e+",
  "-01",
  "0x1",
  "1.e5",
  "Infinity",
  "NaN",
  "tru",
  "nul",
);
const str = (arb: fc.Arbitrary<string>): fc.Arbitrary<Node> =>
  arb.map((value) => ({ kind: "string", value }));

const { node } = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    str(hostileString),
    numberText.map((text): Node => ({ kind: "number", text })),
    fc
      .tuple(badNumber, fc.noBias(fc.nat(40)))
      .map(([bad, n]): Node => ({ kind: "number", text: n === 0 ? bad : String(n) })),
    fc.constantFrom("true", "false", "null").map((text): Node => ({ kind: "literal", text })),
    fc
      .array(fc.tuple(fc.oneof(hostileString, fc.constantFrom("__proto__", "Records", "arn")), tie("node")), {
        maxLength: 4,
      })
      .map((pairs): Node => ({ kind: "object", pairs })),
    fc.array(tie("node"), { maxLength: 4 }).map((items): Node => ({ kind: "array", items })),
  ),
}));

/** An object with kept fields (any of them repeated), `nested` ones narrowed further, and junk. */
function object(
  names: readonly string[],
  nested: Record<string, fc.Arbitrary<Node>> = {},
): fc.Arbitrary<Node> {
  const pair = fc.oneof(
    fc.tuple(fc.constantFrom(...names), fc.oneof({ weight: 3, arbitrary: str(hostileString) }, node)),
    ...Object.entries(nested).map(([name, arb]) => fc.tuple(fc.constant(name), fc.oneof(arb, node))),
    fc.tuple(fc.constantFrom("userAgent", "tlsDetails", "eventID", "attributes", "__proto__"), node),
    fc.tuple(hostileString, node),
  );
  return fc.array(pair, { maxLength: 12 }).map((pairs): Node => ({ kind: "object", pairs }));
}

const issuer = object(["type", "arn", "accountId", "userName", "principalId"]);
const session = object(["webIdFederationData", "sourceIdentity"], { sessionIssuer: issuer });
const identity = object(["type", "principalId", "arn", "accountId", "accessKeyId", "userName", "invokedBy"], {
  sessionContext: session,
});
const fields = object(
  ["eventSource", "eventName", "eventTime", "eventType", "awsRegion", "errorCode", "recipientAccountId"],
  {
    sourceIPAddress: str(hostileString),
    vpcEndpointId: str(hostileString),
    requestParameters: node,
    resources: fc.array(node, { maxLength: 3 }).map((items): Node => ({ kind: "array", items })),
    userIdentity: identity,
  },
);
/** Mostly records the engine takes: the three fields it requires, among the others. */
const record = fc.tuple(fields, fc.boolean(), fc.nat()).map(([value, usable, at]): Node => {
  if (value.kind !== "object" || !usable) return value;
  const required: [string, Node][] = [
    ["eventSource", { kind: "string", value: "s3.amazonaws.com" }],
    ["eventName", { kind: "string", value: "GetObject" }],
    ["eventTime", { kind: "string", value: "2026-11-01T00:00:00Z" }],
  ];
  const pairs = [...value.pairs];
  for (const pair of required) pairs.splice(at % (pairs.length + 1), 0, pair);
  return { kind: "object", pairs };
});

/**
 * Writes a node with whitespace, escapes (any character may be escaped) and forms chosen by
 * `rand`; raw non-ASCII characters, which send the text to JSON.parse, only when `raw`.
 */
function write(value: Node, rand: () => number, raw: boolean): string {
  const ws = () => {
    const r = rand();
    // Seldom a vertical tab or a no-break space, which are not JSON whitespace.
    if (r > 0.9995) return r > 0.99975 ? "\v" : "\u00a0";
    return r < 0.7 ? "" : [" ", "\n", "\t", "\r\n", "  "][Math.floor(rand() * 5)]!;
  };
  switch (value.kind) {
    case "string":
      return quote(value.value, rand, raw);
    case "number":
    case "literal":
      return value.text;
    case "object":
      return `{${ws()}${value.pairs.map(([k, v]) => `${quote(k, rand, raw)}${ws()}:${ws()}${write(v, rand, raw)}`).join(`${ws()},${ws()}`)}${ws()}}`;
    case "array":
      return `[${ws()}${value.items.map((v) => write(v, rand, raw)).join(`${ws()},${ws()}`)}${ws()}]`;
  }
}

function quote(value: string, rand: () => number, raw: boolean): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const plain = code >= 0x20 && code !== 0x22 && code !== 0x5c;
    // Raw non-ASCII (surrogates included, paired or not) sends the text to JSON.parse; escaped, it is read.
    if (plain && (code < 0x80 ? rand() < 0.9 : raw)) out += value[i];
    else if (code < 0x20 && rand() < 0.03)
      out += value[i]; // not allowed raw: the text is invalid
    else if (code === 0x2f && rand() < 0.5) out += "\\/";
    else if (code === 0x0a && rand() < 0.5) out += "\\n";
    else {
      const hex = code.toString(16).padStart(4, "0");
      out += `\\u${rand() < 0.5 ? hex : hex.toUpperCase()}`;
    }
  }
  return `${out}"`;
}

function ascii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const corruption = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  fc.tuple(
    // Unbiased: fast-check would otherwise favour both ends of the text.
    fc.noBias(fc.nat()),
    fc.constantFrom("cut", "drop", '"', "\\", ",", "}", "]", "\u0000", "\u0001", "\t", "e", "-", "0", " x"),
  ),
);

const document = fc
  .record({
    records: fc.array(fc.oneof({ weight: 5, arbitrary: record }, node), { maxLength: 6 }),
    extra: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, fc.constant(true)),
    seed: fc.integer(),
    corruption,
  })
  .map(({ records, extra, seed, corruption }) => {
    const rand = random(seed);
    const pairs: [string, Node][] = [["Records", { kind: "array", items: records }]];
    if (extra) pairs.push([rand() < 0.5 ? "Records" : "Other", { kind: "array", items: [] }]);
    let text = ` ${write({ kind: "object", pairs }, rand, rand() < 0.1)}\n`;
    if (corruption) {
      const [where, what] = corruption;
      const at = where % (text.length + 1);
      text =
        what === "cut"
          ? text.slice(0, at)
          : what === "drop"
            ? text.slice(0, at) + text.slice(at + 1)
            : text.slice(0, at) + what + text.slice(at);
    }
    return { text, whole: !extra && !corruption };
  });

test("the delivery reader gives JSON.parse's items reduced to the fields read, or leaves the text to JSON.parse", () => {
  fc.assert(
    fc.property(document, ({ text, whole }) => {
      const trimmed = text.trim();
      if (trimmed === "") return;
      const reference = itemsFromParse(trimmed, "fuzz");
      const read: ActivityItem[] = [];
      const handled = readDeliveryRecords(trimmed, "fuzz", read);
      let valid = true;
      try {
        JSON.parse(trimmed);
      } catch {
        valid = false;
      }
      if (handled) {
        assert.ok(valid, "only valid JSON is read");
        assert.deepStrictEqual(read, projected(reference));
        assert.deepStrictEqual(itemsFromText(text, "fuzz"), read);
      } else {
        assert.equal(read.length, 0);
        assert.deepStrictEqual(itemsFromText(text, "fuzz"), reference);
      }
      if (whole && valid && ascii(trimmed)) assert.ok(handled, "a whole ASCII delivery file is read");
    }),
    { numRuns: 1500 },
  );
});
