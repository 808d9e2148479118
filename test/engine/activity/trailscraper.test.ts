import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { ActivityAggregator } from "../../../core/engine/activity/aggregate.js";
import { itemsFromText } from "../../../core/engine/activity/documents.js";
import { loadCatalog } from "../../../core/node/load-catalog.js";
import { realData } from "../../helpers/paths.js";

const LOG = "trailscraper-111111111111_CloudTrail_eu-central-1_20171211T1505Z";

/** action → resources, the way trailscraper writes a policy: `*` where no resource is known. */
function expectedGrants(): Map<string, string[]> {
  const policy = JSON.parse(readFileSync(realData("cloudtrail", `${LOG}.expected-policy.json`), "utf8")) as {
    Statement: { Action: string[]; Resource: string[] }[];
  };
  const grants = new Map<string, string[]>();
  for (const statement of policy.Statement) {
    for (const action of statement.Action) grants.set(action, [...statement.Resource].sort());
  }
  return grants;
}

test("trailscraper's sample log yields exactly the actions and resources of its expected policy", () => {
  const aggregator = new ActivityAggregator(loadCatalog());
  for (const item of itemsFromText(readFileSync(realData("cloudtrail", `${LOG}.json`), "utf8"), LOG)) {
    aggregator.add(item);
  }
  const result = aggregator.result();
  const observed = new Map<string, string[]>();
  // trailscraper writes one policy for everything in the log, whoever the caller.
  for (const principal of [...result.principals, ...result.external]) {
    for (const usage of principal.actions) {
      const scoped = usage.unscoped === 0 && usage.resources.length > 0;
      observed.set(usage.action, scoped ? usage.resources : ["*"]);
    }
  }
  assert.deepEqual(observed, expectedGrants());
  assert.deepEqual(result.unmapped, []);
  assert.deepEqual(result.warnings, []);
});

test("in that log the role's own calls and the service's AssumeRole are kept apart", () => {
  const aggregator = new ActivityAggregator(loadCatalog());
  for (const item of itemsFromText(readFileSync(realData("cloudtrail", `${LOG}.json`), "utf8"), LOG)) {
    aggregator.add(item);
  }
  const result = aggregator.result();
  assert.deepEqual(
    result.principals.map((p) => [p.principal.id, p.actions.map((a) => a.action)]),
    [["arn:aws:iam::111111111111:role/someRole", ["autoscaling:DescribeLaunchConfigurations"]]],
  );
  assert.deepEqual(
    result.external.map((p) => [p.principal.kind, p.actions.map((a) => a.action)]),
    [["aws-service", ["sts:AssumeRole"]]],
  );
});
