import assert from "node:assert/strict";
import { test } from "node:test";
import { droppedDenies } from "../../../core/engine/generate/proof.js";
import { catalog } from "../../helpers/catalog.js";
import { ADMIN, doc, input, principal } from "../../helpers/policies.js";

// A user in a group allowing *, its own policy denying all but S3: the group's * also allows
// services and APIs newer than the catalog, which the Deny forbids today.
const group = input("group", ADMIN);
const own = input("own", doc({ Effect: "Deny", NotAction: "s3:*", Resource: "*" }));
const current = principal([group, own]);
const everyOtherService = catalog.services.filter((s) => s.prefix !== "s3").map((s) => `${s.prefix}:*`);

test("a NotAction Deny carried as the list of catalog services it covers is not carried", () => {
  const asList = input("proposed", doc({ Effect: "Deny", Action: everyOtherService, Resource: "*" }));
  const after = principal([group, asList]);
  // Every catalog action is still denied: only what the catalog does not list is freed.
  assert.equal(after.evaluate({ action: "ec2:RunInstances", resource: "*" }).decision, "ExplicitDeny");
  assert.equal(after.evaluate({ action: "newerservice:Do", resource: "*" }).decision, "Allow");
  const dropped = droppedDenies(current, after, new Set(["own"]));
  assert.equal(dropped.length, 1, dropped.join("\n"));
  assert.match(dropped[0]!, /catalog does not list: the Deny in own/);
});

test("a NotAction Deny carried as written, or sparing less, is carried", () => {
  for (const spared of [["s3:*"], ["S3:*"], []]) {
    const statement = {
      Effect: "Deny",
      Resource: "*",
      ...(spared.length ? { NotAction: spared } : { Action: "*" }),
    };
    const after = principal([group, input("proposed", doc(statement))]);
    assert.deepEqual(droppedDenies(current, after, new Set(["own"])), [], JSON.stringify(spared));
  }
});

test("an Action Deny whose wildcard names actions the catalog does not list is carried only by a wildcard covering it", () => {
  const iamDeny = principal([group, input("own", doc({ Effect: "Deny", Action: "iam:*", Resource: "*" }))]);
  const iamActions = catalog.keys(catalog.service("iam") ? expandService("iam") : catalog.emptySet());
  const listed = principal([
    group,
    input("proposed", doc({ Effect: "Deny", Action: iamActions, Resource: "*" })),
  ]);
  assert.equal(droppedDenies(iamDeny, listed, new Set(["own"])).length, 1);
  const wildcard = principal([
    group,
    input("proposed", doc({ Effect: "Deny", Action: "IAM:*", Resource: "*" })),
  ]);
  assert.deepEqual(droppedDenies(iamDeny, wildcard, new Set(["own"])), []);
});

test("no Allow left reaching beyond the catalog: a list of the catalog actions carries the Deny", () => {
  const exact = input(
    "group",
    doc({ Effect: "Allow", Action: ["ec2:RunInstances", "s3:GetObject"], Resource: "*" }),
  );
  const before = principal([exact, own]);
  const after = principal([
    exact,
    input("proposed", doc({ Effect: "Deny", Action: "ec2:RunInstances", Resource: "*" })),
  ]);
  assert.deepEqual(droppedDenies(before, after, new Set(["own"])), []);
});

function expandService(prefix: string) {
  const service = catalog.service(prefix)!;
  const set = catalog.emptySet();
  for (let id = service.first; id < service.end; id++) set.add(id);
  return set;
}
