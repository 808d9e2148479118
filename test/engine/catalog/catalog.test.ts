import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { ActionSet } from "../../../core/engine/catalog/action-set.js";
import { catalog } from "../../helpers/catalog.js";

test("the catalog indexes every service and action of the pinned iam-data package", () => {
  assert.ok(catalog.services.length > 400, `${catalog.services.length} services`);
  assert.ok(catalog.size > 20_000, `${catalog.size} actions`);
  assert.match(catalog.version, /^0\.21\./);
});

test("lookups ignore case, as IAM does for service prefixes and action names", () => {
  assert.equal(catalog.action("S3:getobject")?.key, "s3:GetObject");
  assert.equal(catalog.action("IAM:PassRole")?.key, "iam:PassRole");
  assert.equal(catalog.action("s3:NoSuchAction"), undefined);
  assert.equal(catalog.service("EC2")?.prefix, "ec2");
});

test("a name without a known service, or with more than one colon, is no action", () => {
  for (const name of ["s3", "s3:", ":GetObject", "nosuchservice:GetObject", "s3:GetObject:x", ""])
    assert.equal(catalog.action(name), undefined, name);
});

test("actions of a service occupy one contiguous id range", () => {
  const s3 = catalog.service("s3")!;
  for (let id = s3.first; id < s3.end; id++) assert.equal(catalog.actions[id]!.service, "s3");
  assert.equal(catalog.actions[s3.first - 1]?.service === "s3", false);
});

test("wildcard-only actions are the ones with no resource types", () => {
  assert.equal(catalog.action("s3:ListAllMyBuckets")!.wildcardOnly, true);
  assert.equal(catalog.action("s3:GetObject")!.wildcardOnly, false);
  const passRole = catalog.action("iam:PassRole")!;
  assert.deepEqual(
    passRole.resourceTypes.map((rt) => rt.arnFormat),
    ["arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"],
  );
});

test("access levels use the specific level when the catalog lists two", () => {
  assert.equal(catalog.action("iam:AttachRolePolicy")!.accessLevel, "Permissions management");
  assert.equal(catalog.action("s3:PutObjectTagging")!.accessLevel, "Tagging");
  assert.equal(catalog.action("s3:GetObject")!.accessLevel, "Read");
  assert.equal(catalog.action("s3:ListBucket")!.accessLevel, "List");
});

test("condition keys resolve for service keys, global keys and tag templates", () => {
  assert.equal(catalog.conditionKey("s3:prefix")?.type, "String");
  assert.equal(catalog.conditionKey("aws:SourceIp")?.type, "IPAddress");
  assert.equal(catalog.conditionKey("aws:ResourceTag/team")?.key, "aws:ResourceTag/${TagKey}");
  assert.equal(catalog.conditionKey("s3:NoSuchKey"), undefined);
});

test("action sets behave as sets of ids under union, intersection, difference and complement", () => {
  const size = 1000;
  const ids = fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: 200 });
  fc.assert(
    fc.property(ids, ids, (a, b) => {
      const A = ActionSet.of(size, a);
      const B = ActionSet.of(size, b);
      const sa = new Set(a);
      const sb = new Set(b);
      const sorted = (s: Iterable<number>) => [...s].sort((x, y) => x - y);
      assert.deepEqual([...A.union(B).ids()], sorted(new Set([...a, ...b])));
      assert.deepEqual([...A.intersect(B).ids()], sorted(a.filter((x) => sb.has(x))));
      assert.deepEqual([...A.minus(B).ids()], sorted(a.filter((x) => !sb.has(x))));
      assert.equal(A.complement().count(), size - sa.size);
      assert.equal(A.isSubsetOf(A.union(B)), true);
      assert.equal(A.count(), sa.size);
    }),
  );
});

test("a full set has exactly as many members as the catalog, including the last partial word", () => {
  assert.equal(catalog.fullSet().count(), catalog.size);
  assert.equal(catalog.fullSet().has(catalog.size), false);
  assert.equal(catalog.fullSet().complement().isEmpty(), true);
});

test("templated condition keys match wherever the template stands", () => {
  assert.equal(
    catalog.conditionKey("kms:EncryptionContext:department")?.key,
    "kms:EncryptionContext:${EncryptionContextKey}",
  );
  assert.equal(catalog.conditionKey("s3:ExistingObjectTag/owner")?.key, "s3:ExistingObjectTag/<key>");
  assert.equal(catalog.conditionKey("kms:EncryptionContext:"), undefined);
});

test("sortedKeys lists a set's keys in string order, as sorting them does, though the catalog's order differs", () => {
  const keys = catalog.actions.map((a) => a.key);
  assert.notDeepEqual(keys, [...keys].sort(), "catalog order is not string order");
  const id = fc.integer({ min: 0, max: catalog.size - 1 });
  fc.assert(
    fc.property(fc.uniqueArray(id, { maxLength: 300 }), fc.boolean(), (ids, complement) => {
      const base = ActionSet.of(catalog.size, ids);
      const set = complement ? base.complement() : base;
      assert.deepEqual(catalog.sortedKeys(set), catalog.keys(set).sort());
    }),
    { numRuns: 60 },
  );
  assert.deepEqual(catalog.sortedKeys(catalog.fullSet()), [...keys].sort());
});

test("actionKeys holds each action's key at its id", () => {
  assert.equal(catalog.actionKeys.length, catalog.size);
  for (const action of catalog.actions) assert.equal(catalog.actionKeys[action.id], action.key);
});

test("each service's wildcard spelling is its prefix and `:*`, one per service in the services' order", () => {
  assert.equal(catalog.serviceWildcards.length, catalog.services.length);
  assert.deepEqual(
    catalog.serviceWildcards,
    catalog.services.map((service) => `${service.prefix}:*`),
  );
  assert.ok(catalog.serviceWildcards.includes("s3:*"));
});
