import assert from "node:assert/strict";
import { test } from "node:test";
import { Catalog } from "../../../core/engine/catalog/catalog.js";
import { CatalogPacker, packCatalogData } from "../../../core/engine/catalog/pack.js";
import { isPackedCatalog } from "../../../core/engine/catalog/packed.js";
import {
  ACCESS_LEVELS,
  type ActionInfo,
  type CatalogData,
  type RawService,
} from "../../../core/engine/catalog/types.js";
import { readCatalogData } from "../../../core/node/load-catalog.js";

const data = readCatalogData();
// As the compiled CLI reads it: packed, written as JSON, parsed back.
const packed = JSON.parse(JSON.stringify(packCatalogData(data)));
const catalog = new Catalog(packed);

/** The obvious reading of the published data, one action at a time: the packed form must agree. */
function obviousActions(source: CatalogData): ActionInfo[] {
  const actions: ActionInfo[] = [];
  for (const prefix of Object.keys(source.services).sort()) {
    const raw: RawService = source.services[prefix]!;
    const sorted = Object.values(raw.actions).sort((a, b) => a.name.localeCompare(b.name, "en"));
    for (const action of sorted) {
      const level = action.accessLevel.split(",")[0]!.trim().toLowerCase();
      actions.push({
        id: actions.length,
        service: prefix,
        name: action.name,
        key: `${prefix}:${action.name}`,
        accessLevel: ACCESS_LEVELS.find((l) => l.toLowerCase() === level)!,
        resourceTypes: action.resourceTypes.map((rt) => ({
          name: rt.name,
          required: rt.required,
          arnFormat: raw.resourceTypes[rt.name.toLowerCase()]?.arn ?? raw.resourceTypes[rt.name]?.arn ?? "*",
          conditionKeys: rt.conditionKeys,
          dependentActions: rt.dependentActions,
        })),
        conditionKeys: action.conditionKeys,
        dependentActions: action.dependentActions,
        wildcardOnly: action.resourceTypes.length === 0,
      });
    }
  }
  return actions;
}

test("a catalog read from its packed JSON has every action exactly as the published data gives it", () => {
  assert.ok(isPackedCatalog(packed));
  assert.equal(catalog.version, data.version);
  assert.deepEqual(catalog.actions, obviousActions(data));
  for (const action of catalog.actions) assert.equal(catalog.action(action.key.toUpperCase()), action);
});

test("services keep their names, id ranges and resource types, as published", () => {
  const prefixes = Object.keys(data.services).sort();
  assert.deepEqual(
    catalog.services.map((s) => s.prefix),
    prefixes,
  );
  for (const service of catalog.services) {
    const raw = data.services[service.prefix]!;
    assert.equal(service.name, raw.name);
    assert.equal(service.end - service.first, Object.keys(raw.actions).length);
    assert.deepEqual(
      service.resourceTypes,
      new Map(Object.values(raw.resourceTypes).map((rt) => [rt.key, rt])),
      service.prefix,
    );
    assert.equal(catalog.service(service.prefix.toUpperCase()), service);
  }
});

test("every published condition key resolves, and the last definition of a key wins as before", () => {
  const last = new Map<string, string>();
  for (const prefix of Object.keys(data.services).sort())
    for (const key of Object.values(data.services[prefix]!.conditionKeys)) last.set(key.key, key.type);
  for (const key of data.globalConditionKeys) last.set(key.key, key.type);
  for (const [key, type] of last) {
    const info = catalog.conditionKey(key);
    assert.ok(info, key);
    // A templated key answers for its own name through the first template of its prefix.
    if (info.key === key) assert.equal(info.type, type, key);
  }
  assert.equal(catalog.conditionKey("aws:PrincipalTag/team")?.key, "aws:PrincipalTag/tag-key");
  assert.equal(catalog.conditionKey("s3:NoSuchKey"), undefined);
});

test("equal lists and resource types are one shared object, frozen so no action can change another's", () => {
  const get = catalog.action("s3:GetObject")!;
  const getVersion = catalog.action("s3:GetObjectVersion")!;
  const object = (a: ActionInfo) => a.resourceTypes.find((rt) => rt.name === "object")!;
  assert.equal(object(get), object(getVersion));
  const empty = catalog.actions.filter((a) => a.dependentActions.length === 0);
  assert.ok(empty.length > 1000);
  assert.ok(empty.every((a) => a.dependentActions === empty[0]!.dependentActions));
  assert.throws(() => (get.conditionKeys as string[]).push("x"), TypeError);
  assert.throws(() => {
    (object(get) as { required: boolean }).required = !object(get).required;
  }, TypeError);
});

test("the packed form is a small fraction of the published data", () => {
  const size = JSON.stringify(packed).length;
  assert.ok(size < 2_000_000, `${size} characters`);
  assert.ok(size < JSON.stringify(data).length / 4);
});

test("an access level the catalog does not know is refused when packing", () => {
  const service = data.services.s3!;
  const [name, action] = Object.entries(service.actions)[0]!;
  const odd = { ...service, actions: { [name]: { ...action, accessLevel: "Sometimes" } } };
  assert.throws(
    () => packCatalogData({ ...data, services: { s3: odd } }),
    /unknown access level in catalog: Sometimes/,
  );
});

test("services must be packed in prefix order, since their actions take consecutive ids", () => {
  const packer = new CatalogPacker(data.version);
  packer.addService("s3", data.services.s3!);
  assert.throws(() => packer.addService("iam", data.services.iam!), /out of order: iam/);
  assert.throws(() => packer.addService("s3", data.services.s3!), /out of order: s3/);
});
