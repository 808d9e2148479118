import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { activityQuery } from "../../../core/aws/athena-activity-query.js";
import { isDenied, isUnauthenticated } from "../../../core/engine/activity/aggregate.js";
import { API_OPERATIONS } from "../../../core/engine/activity/knowledge/api-operations.js";
import {
  AUTHORIZATION_TABLES,
  NON_API_EVENT_TYPES,
} from "../../../core/engine/activity/knowledge/authorizations/index.js";
import { ROLE_PARAMETERS } from "../../../core/engine/activity/knowledge/authorizations/pass-role.js";
import { CLOUDTRAIL_SERVICES } from "../../../core/engine/activity/knowledge/cloudtrail-services.js";
import { DATA_EVENT_TYPES } from "../../../core/engine/activity/knowledge/data-event-types.js";
import { DEPENDENT_ACTIONS } from "../../../core/engine/activity/knowledge/dependent-actions.js";
import {
  NEVER_LOGGED_ACTIONS,
  NEVER_LOGGED_READS,
} from "../../../core/engine/activity/knowledge/never-logged.js";
import {
  DATA_EVENT_ALIASES,
  OTHER_DATA_EVENT_TYPES,
} from "../../../core/engine/activity/knowledge/other-data-event-types.js";
import { READ_ONLY_EXCEPTIONS } from "../../../core/engine/activity/knowledge/read-only-exceptions.js";
import {
  REFUSED_ERROR_CODES,
  REFUSED_ERROR_PATTERN,
  UNAUTHENTICATED_ERROR_PATTERN,
} from "../../../core/engine/activity/knowledge/refused-calls.js";
import {
  EVENT_SOURCE_PREFIXES,
  servicePrefix,
} from "../../../core/engine/activity/knowledge/service-prefixes.js";
import { UNCONFIRMED_CALLS } from "../../../core/engine/activity/knowledge/unconfirmed-calls.js";
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
    API_OPERATIONS: Object.keys(API_OPERATIONS).length,
    CLOUDTRAIL_SERVICES: CLOUDTRAIL_SERVICES.size,
    DATA_EVENT_TYPES: DATA_EVENT_TYPES.length,
    OTHER_DATA_EVENT_TYPES: OTHER_DATA_EVENT_TYPES.length,
    NEVER_LOGGED_ACTIONS: NEVER_LOGGED_ACTIONS.length,
    NEVER_LOGGED_READS: NEVER_LOGGED_READS.length,
    REFUSED_ERROR_CODES: REFUSED_ERROR_CODES.length,
    READ_ONLY_EXCEPTIONS: READ_ONLY_EXCEPTIONS.length,
    UNCONFIRMED_CALLS: UNCONFIRMED_CALLS.length,
    DEPENDENT_ACTIONS: Object.keys(DEPENDENT_ACTIONS).length,
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

describe("the API operation table is iam-dataset's map (sync)", () => {
  test("same services, same operations", () => {
    const map = JSON.parse(
      gunzipSync(readFileSync(realData("iam-dataset", "map-2022-08-19.json.gz"))).toString(),
    );
    const upstream: Record<string, Set<string>> = {};
    for (const [method, actions] of Object.entries(
      map.sdk_method_iam_mappings as Record<string, { action: string }[]>,
    )) {
      if (!actions[0]) continue;
      const prefix = actions[0].action.split(":")[0]!;
      upstream[prefix] ??= new Set();
      upstream[prefix].add(method.split(".")[1]!);
    }
    const sorted = (names: Iterable<string>) => [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    assert.deepEqual(
      Object.fromEntries(Object.entries(API_OPERATIONS).map(([p, names]) => [p, names.split(" ")])),
      Object.fromEntries(
        Object.keys(upstream)
          .sort()
          .map((p) => [p, sorted(upstream[p]!)]),
      ),
    );
  });
});

describe("the CloudTrail service list is iam-dataset's (sync)", () => {
  test("same prefixes", () => {
    const upstream = JSON.parse(
      readFileSync(realData("iam-dataset", "cloudtrail-service-mappings.json"), "utf8"),
    );
    assert.deepEqual(
      [...CLOUDTRAIL_SERVICES].sort(),
      Object.keys(upstream.service_cloudtrail_mappings).sort(),
    );
  });
});

describe("data-event resource types", () => {
  const all = [...DATA_EVENT_TYPES.map((t) => t.type), ...OTHER_DATA_EVENT_TYPES];
  test("every type is named as CloudTrail names it, once", () => {
    for (const type of all) assert.match(type, /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/, type);
    assert.equal(new Set(all).size, all.length);
  });
  for (const { type, actions, source, orAs } of DATA_EVENT_TYPES) {
    test(`${type}: its actions exist in the catalog, with a documentation source`, () => {
      assert.ok(actions.length > 0);
      for (const action of actions) assert.ok(catalog.action(action), action);
      assert.match(source, /^https:\/\/docs\.aws\.amazon\.com\//);
    });
    if (orAs)
      test(`${type}: the type its calls are recorded as otherwise lists the same calls, and it in turn`, () => {
        const other = DATA_EVENT_TYPES.find((t) => t.type === orAs);
        assert.ok(other, orAs);
        assert.equal(other.orAs, type);
        assert.deepEqual([...other.actions].sort(), [...actions].sort());
      });
  }
  for (const [alias, type] of Object.entries(DATA_EVENT_ALIASES))
    test(`the old name ${alias} stands for ${type}`, () =>
      assert.ok(DATA_EVENT_TYPES.some((t) => t.type === type)));
});

describe("never-logged actions exist in the catalog", () => {
  for (const { action } of NEVER_LOGGED_ACTIONS)
    test(`never logged ${action}`, () => assert.ok(catalog.action(action)));
  for (const { service, source } of NEVER_LOGGED_READS)
    test(`reads never logged: ${service}, a catalog service, with a documentation source`, () => {
      assert.ok(hasService(service));
      assert.match(source, /^https:\/\/docs\.aws\.amazon\.com\//);
    });
});

describe("calls unsure to be recorded", () => {
  const elsewhere = new Set([
    ...DATA_EVENT_TYPES.flatMap((t) => t.actions),
    ...NEVER_LOGGED_ACTIONS.map((e) => e.action),
  ]);
  for (const { action, source } of UNCONFIRMED_CALLS)
    test(`${action}: an API operation of a service CloudTrail records, classed nowhere else, with a source`, () => {
      const [prefix, name] = action.split(":") as [string, string];
      assert.ok(catalog.action(action), action);
      assert.ok(CLOUDTRAIL_SERVICES.has(prefix) && API_OPERATIONS[prefix]?.split(" ").includes(name));
      assert.ok(!elsewhere.has(action));
      assert.match(source, /^https:\/\/docs\.aws\.amazon\.com\//);
    });
  test("each is named once", () =>
    assert.equal(new Set(UNCONFIRMED_CALLS.map((e) => e.action)).size, UNCONFIRMED_CALLS.length));
});

describe("refused calls", () => {
  for (const entry of REFUSED_ERROR_CODES)
    test(`${entry.example} is a refusal (${entry.pattern})`, () => {
      assert.match(entry.example, new RegExp(entry.pattern));
      assert.equal(isDenied(entry.example), true);
    });

  test("the Athena query classes outcomes with the same table (sync)", () => {
    const sql = activityQuery(
      { table: "db.trail" },
      { start: "2026-01-01T00:00:00Z", end: "2026-02-01T00:00:00Z", days: 31 },
    );
    assert.ok(sql.includes(`regexp_like(coalesce(errorcode, ''), '${REFUSED_ERROR_PATTERN}')`));
    assert.ok(
      sql.includes(
        `regexp_like(coalesce(errorcode, ''), '${UNAUTHENTICATED_ERROR_PATTERN}') THEN 'unauthenticated'`,
      ),
    );
  });

  test("a refusal before authentication is one of the table's, and an authorization refusal is not one", () => {
    for (const entry of REFUSED_ERROR_CODES)
      assert.equal(isUnauthenticated(entry.example), entry.unauthenticated === true, entry.example);
  });
});

describe("read-only exceptions are actions whose events CloudTrail flags against their access level", () => {
  for (const entry of READ_ONLY_EXCEPTIONS)
    test(`${entry.action} (readOnly ${entry.readOnly})`, () => {
      const action = catalog.action(entry.action);
      assert.ok(action, `${entry.action} is not in the catalog`);
      const byLevel = action.accessLevel === "Read" || action.accessLevel === "List";
      assert.notEqual(byLevel, entry.readOnly);
    });
});
