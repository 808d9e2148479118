import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import {
  AUTHORIZATION_TABLES,
  NON_API_EVENT_TYPES,
} from "../../../core/engine/activity/knowledge/authorizations/index.js";
import { ROLE_PARAMETERS } from "../../../core/engine/activity/knowledge/authorizations/pass-role.js";
import { CLOUDTRAIL_SUPPORTED_ACTIONS } from "../../../core/engine/activity/knowledge/cloudtrail-supported-actions.js";
import {
  DATA_EVENT_ACTIONS,
  NEVER_LOGGED_ACTIONS,
} from "../../../core/engine/activity/knowledge/data-events.js";
import {
  EVENT_SOURCE_PREFIXES,
  servicePrefix,
} from "../../../core/engine/activity/knowledge/service-prefixes.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";
import { realData } from "../../helpers/paths.js";

const catalog = loadCatalog();
const hasService = (prefix: string) => catalog.service(prefix) !== undefined;

describe("every knowledge table has entries", () => {
  const tables: Record<string, number> = {
    EVENT_SOURCE_PREFIXES: Object.keys(EVENT_SOURCE_PREFIXES).length,
    AUTHORIZATION_TABLES: AUTHORIZATION_TABLES.length,
    NON_API_EVENT_TYPES: Object.keys(NON_API_EVENT_TYPES).length,
    ROLE_PARAMETERS: ROLE_PARAMETERS.length,
    CLOUDTRAIL_SUPPORTED_ACTIONS: Object.keys(CLOUDTRAIL_SUPPORTED_ACTIONS).length,
    DATA_EVENT_ACTIONS: Object.values(DATA_EVENT_ACTIONS).flat().length,
    NEVER_LOGGED_ACTIONS: NEVER_LOGGED_ACTIONS.length,
  };
  for (const [name, size] of Object.entries(tables)) test(`${name} is not empty`, () => assert.ok(size > 0));
});

describe("the eventSource prefix table agrees with iam-dataset's mapping (sync)", () => {
  const upstream = JSON.parse(
    readFileSync(realData("iam-dataset", "cloudtrail-service-mappings.json"), "utf8"),
  ).cloudtrail_service_mappings as Record<string, string>;

  test("every upstream source resolves to the upstream prefix, where the catalog has that service", () => {
    for (const [source, prefix] of Object.entries(upstream)) {
      if (!hasService(prefix)) continue;
      assert.equal(servicePrefix(source, hasService), prefix, source);
    }
  });

  test("the table holds exactly the upstream entries whose source and prefix differ", () => {
    const differing = Object.entries(upstream).filter(
      ([source, prefix]) => source !== `${prefix}.amazonaws.com`,
    );
    assert.deepEqual(Object.entries(EVENT_SOURCE_PREFIXES), differing);
  });

  for (const [source, prefix] of Object.entries(EVENT_SOURCE_PREFIXES)) {
    test(`${source} → ${prefix}, a catalog service`, () => assert.ok(hasService(prefix)));
  }
});

describe("the CloudTrail-supported action table is cloudtracker's list (sync)", () => {
  test("same entries, same order", () => {
    const upstream = readFileSync(realData("cloudtracker", "cloudtrail_supported_actions.txt"), "utf8")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    const committed = Object.entries(CLOUDTRAIL_SUPPORTED_ACTIONS).flatMap(([prefix, names]) =>
      names.split(" ").map((name) => `${prefix}:${name}`),
    );
    assert.deepEqual(committed, upstream);
  });
});

describe("data-event and never-logged actions exist in the catalog", () => {
  for (const action of Object.values(DATA_EVENT_ACTIONS).flat()) {
    test(`data event ${action}`, () => assert.ok(catalog.action(action)));
  }
  for (const { action } of NEVER_LOGGED_ACTIONS)
    test(`never logged ${action}`, () => assert.ok(catalog.action(action)));
});
