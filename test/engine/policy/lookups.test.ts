import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { resourceMatchesFormat } from "../../../core/engine/policy/arn.js";
import { patternReaches, patternReachesFormat } from "../../../core/engine/policy/compile.js";
import { expandActionList, expandActionPattern, namesAnyAction } from "../../../core/engine/policy/expand.js";
import { catalog, managedPolicies } from "../../helpers/catalog.js";
import { doc, input, principal } from "../../helpers/policies.js";

const BUCKET = "arn:${Partition}:s3:::${BucketName}";
const OBJECT = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";

test("an action pattern expands the same in any spelling, and a different pattern to its own actions", () => {
  const keys = (pattern: string) => catalog.keys(expandActionPattern(catalog, pattern));
  assert.deepEqual(keys("s3:GetObject"), ["s3:GetObject"]);
  assert.deepEqual(keys("S3:GETOBJECT"), ["s3:GetObject"]);
  assert.deepEqual(keys("s3:getobjectacl"), ["s3:GetObjectAcl"]);
  assert.deepEqual(keys("s3:GetObjectAcl"), ["s3:GetObjectAcl"]);
  assert.deepEqual(keys("S3:GetObject*"), keys("s3:getobject*"));
  assert.ok(keys("s3:GetObject*").length > 2);
  assert.deepEqual(keys("s3:NoSuchAction"), []);
});

test("a Resource pattern's reach is remembered per format, not once for every format", () => {
  assert.equal(patternReachesFormat("arn:aws:s3:::logs", BUCKET), true);
  assert.equal(patternReachesFormat("arn:aws:s3:::logs", OBJECT), false);
  assert.equal(patternReachesFormat("arn:aws:s3:::logs/a.txt", OBJECT), true);
  assert.equal(patternReachesFormat("arn:aws:s3:::logs/a.txt", BUCKET), false);
  assert.equal(patternReachesFormat("arn:aws:s3:::logs", BUCKET), true);
});

test("catalog lookups find an action in its own spelling or any other, and nothing else", () => {
  const get = catalog.action("s3:GetObject");
  assert.equal(get?.key, "s3:GetObject");
  assert.equal(catalog.action("S3:GETOBJECT"), get);
  assert.equal(catalog.action("s3:GetObjectAcl")?.key, "s3:GetObjectAcl");
  assert.equal(catalog.action("s3:getobjectacl"), catalog.action("s3:GetObjectAcl"));
  assert.equal(catalog.action("s3:GetObjectX"), undefined);
});

test("the statements that can apply to an action are those whose reach holds it, in policy order", () => {
  const managed = managedPolicies();
  const p = principal([
    ...["ReadOnlyAccess", "AmazonS3FullAccess", "AWSLambda_FullAccess"].map((name) =>
      input(name, managed[name]!.PolicyVersion.Document),
    ),
    input(
      "scoped",
      doc(
        { Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "arn:aws:s3:::logs/*" },
        { Effect: "Deny", NotAction: "s3:*", Resource: "*" },
      ),
    ),
  ]);
  for (const action of catalog.actions) {
    const expected = p.statements.filter((s) => s.reach.has(action.id));
    assert.deepEqual(p.statementsFor(action.id), expected, action.key);
  }
});

test("a list of action names expands to the union of each name's own expansion, in any spelling", () => {
  const key = fc.integer({ min: 0, max: catalog.size - 1 }).map((id) => catalog.actions[id]!.key);
  const spelled = fc
    .tuple(key, fc.constantFrom("same", "upper", "lower", "wild", "unknown", "no-colon", "two-colons"))
    .map(([k, how]) => {
      if (how === "upper") return k.toUpperCase();
      if (how === "lower") return k.toLowerCase();
      if (how === "wild") return `${k.slice(0, -2)}*`;
      if (how === "unknown") return `${k}Nope`;
      if (how === "no-colon") return k.replace(":", "");
      if (how === "two-colons") return `${k}:x`;
      return k;
    });
  const patterns = fc.array(fc.oneof(spelled, fc.constantFrom("*", "", "s3:*", "nosuchservice:Get")), {
    maxLength: 12,
  });
  fc.assert(
    fc.property(patterns, fc.boolean(), (list, not) => {
      const union = catalog.emptySet();
      for (const p of list) union.unionInPlace(expandActionPattern(catalog, p));
      const expected = not ? union.complement() : union;
      assert.equal(expandActionList(catalog, list, not).equals(expected), true);
      for (const p of list)
        assert.equal(namesAnyAction(catalog, p), !expandActionPattern(catalog, p).isEmpty());
    }),
  );
});

test("whether a Resource pattern reaches an action is what its resource types' formats say, asked once or again", () => {
  const action = fc.integer({ min: 0, max: catalog.size - 1 }).map((id) => catalog.actions[id]!);
  const pattern = fc.constantFrom(
    "*",
    "arn:aws:s3:::logs",
    "arn:aws:s3:::logs/*",
    "arn:aws:ec2:us-east-1:123456789012:instance/i-1",
    "arn:aws:iam::123456789012:role/*",
    "arn:aws:dynamodb:*:*:table/t",
    "arn:*",
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(pattern, action), { minLength: 1, maxLength: 20 }), (pairs) => {
      for (const [p, a] of [...pairs, ...pairs]) {
        const expected = a.wildcardOnly
          ? p === "*"
          : p === "*" || a.resourceTypes.some((rt) => resourceMatchesFormat(p, rt.arnFormat));
        assert.equal(patternReaches(p, a), expected, `${p} ${a.key}`);
      }
    }),
  );
});
