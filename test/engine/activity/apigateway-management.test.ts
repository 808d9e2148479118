import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { gunzipSync } from "node:zlib";
import { type Authorization, createAuthorizer } from "../../../core/engine/activity/authorize.js";
import { APIGATEWAY_AUTHORIZATIONS } from "../../../core/engine/activity/knowledge/authorizations/apigateway.js";
import { createObservability } from "../../../core/engine/activity/observability.js";
import { MANAGEMENT_ONLY } from "../../../core/engine/activity/trail-logging.js";
import type { CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { serviceCall } from "../../helpers/activity.js";
import { catalog } from "../../helpers/catalog.js";

const authorize = createAuthorizer(catalog);
const APIGW = "arn:aws:apigateway:eu-west-1::";
const call = (name: string, params: Record<string, unknown>): CloudTrailEvent =>
  serviceCall("apigateway", name, params);
function needs(e: CloudTrailEvent, authorizer: typeof authorize): Authorization[] {
  const result = authorizer(e);
  assert.equal(result.kind, "authorizations", JSON.stringify(result));
  return result.kind === "authorizations" ? result.authorizations : [];
}
const verbOf = (name: string, params: Record<string, unknown> = {}) =>
  needs(call(name, params), authorize).filter((a) => !a.possible);

/** iann0036/iam-dataset's map of SDK operations to IAM actions and resource ARNs (MIT licence). */
const MAP = JSON.parse(
  gunzipSync(
    readFileSync(new URL("../../data/iam-dataset/map-2022-08-19.json.gz", import.meta.url)),
  ).toString(),
) as {
  sdk_method_iam_mappings: Record<string, { action: string; arn_override?: { template: string } }[]>;
};
const mapped = (client: string) =>
  Object.entries(MAP.sdk_method_iam_mappings)
    .filter(([name]) => name.startsWith(`${client}.`))
    .map(([name, [first]]) => ({ operation: name.slice(client.length + 1), ...first! }));

// A custom domain name's calls may also need AddCertificateToDomain, RemoveCertificateFromDomain or
// UpdateDomainNamePolicy (the Service Authorization Reference's operations table): not mapped, so a
// principal making them is offered no policy rather than one that may refuse them.
const UNMAPPED = new Set(["CreateDomainName", "UpdateDomainName", "DeleteDomainName"]);

describe("every REST API operation is its documented verb on its documented path", () => {
  for (const { operation, action, arn_override } of mapped("APIGateway")) {
    test(operation, () => {
      if (UNMAPPED.has(operation)) {
        assert.deepEqual(authorize(call(operation, {})), { kind: "unmapped", reason: "unknown-action" });
        return;
      }
      const template = arn_override?.template ?? "";
      const names = [...template.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]!);
      const params = Object.fromEntries(
        names.filter((n) => n !== "Partition" && n !== "Region").map((n) => [n, `v-${n}`]),
      );
      const [verb, ...others] = verbOf(operation, params);
      if (operation === "TagResource") return;
      assert.equal(verb?.action.key, action);
      assert.deepEqual(others, []);
      const arn = template
        .replace("${Partition}", "aws")
        .replace("${Region}", "eu-west-1")
        .replace(/\$\{(\w+)\}/g, (_, n: string) => `v-${n}`);
      // Narrowed to the request's own path, or kept on the verb's current scope: never another ARN.
      if (verb!.unscoped) assert.deepEqual(verb!.resources, []);
      else assert.deepEqual(verb!.resources, [arn]);
    });
  }
});

describe("every HTTP and WebSocket API operation is its documented verb, on the verb's current scope", () => {
  for (const { operation, action } of mapped("ApiGatewayV2")) {
    test(operation, () => {
      if (UNMAPPED.has(operation) || operation === "TagResource") return;
      const [verb] = verbOf(operation, { apiId: "a1b2c3", stageName: "prod", routeId: "r1" });
      assert.equal(verb?.action.key, action);
      // Only a path both APIs share (`/vpclinks`, `/domainnames`) is named; an API's own keep the scope.
      if (verb!.resources.length > 0) assert.match(verb!.resources[0]!, /::\/(vpclinks|domainnames)$/);
      else assert.equal(verb!.unscoped, true);
    });
  }
});

describe("the table", () => {
  test("cites AWS for every entry and names an event once", () => {
    const events = APIGATEWAY_AUTHORIZATIONS.events.map((e) => e.event);
    assert.ok(events.length > 100);
    assert.equal(new Set(events).size, events.length);
    for (const e of APIGATEWAY_AUTHORIZATIONS.events)
      assert.match(e.source, /^https:\/\/docs\.aws\.amazon\.com\//);
  });
});

describe("what the record settles", () => {
  test("the REST API calls of a deploy are authorized on their paths", () => {
    const on = (name: string, params: Record<string, unknown>) =>
      verbOf(name, params).map((a) => [a.action.key, a.resources]);
    assert.deepEqual(on("GetRestApis", { limit: 500, template: false }), [
      ["apigateway:GET", [`${APIGW}/restapis`]],
    ]);
    assert.deepEqual(on("GetDeployments", { restApiId: "abc123" }), [
      ["apigateway:GET", [`${APIGW}/restapis/abc123/deployments`]],
    ]);
    // The catalog gives POST's `deployments` type as two formats in one string, which no ARN
    // matches: the POST keeps its current scope (as a POST, never recorded for sure, is kept anyway).
    assert.deepEqual(
      on("CreateDeployment", {
        restApiId: "abc123",
        createDeploymentInput: { description: "", stageName: "prod" },
        template: false,
      }),
      [["apigateway:POST", []]],
    );
    assert.deepEqual(on("UpdateStage", { restApiId: "abc123", stageName: "prod" }), [
      ["apigateway:PATCH", [`${APIGW}/restapis/abc123/stages/prod`]],
    ]);
    assert.deepEqual(
      on("PutIntegration", { restApiId: "abc123", resourceId: "r2d2", httpMethod: "GET", type: "AWS_PROXY" }),
      [["apigateway:PUT", [`${APIGW}/restapis/abc123/resources/r2d2/methods/GET/integration`]]],
    );
    assert.deepEqual(on("DeleteResource", { restApiId: "abc123", resourceId: "r2d2" }), [
      ["apigateway:DELETE", [`${APIGW}/restapis/abc123/resources/r2d2`]],
    ]);
  });

  test("a v2 call of a REST API operation's name, or a value a path cannot hold, keeps the current scope", () => {
    for (const [name, params] of [
      ["CreateDeployment", { apiId: "a1b2c3" }],
      ["GetStage", { apiId: "a1b2c3", stageName: "prod" }],
      ["GetStage", { restApiId: "abc123" }],
      ["GetStage", { restApiId: "abc123", stageName: "a/b" }],
      ["GetRestApi", { restApiId: "*" }],
    ] as const) {
      const [verb] = verbOf(name, params);
      assert.deepEqual([verb!.resources, verb!.unscoped], [[], true], `${name} ${JSON.stringify(params)}`);
    }
  });

  test("tags given at creation and a REST API's resource policy are possible needs, on today's scope", () => {
    const created = needs(call("CreateRestApi", { name: "api" }), authorize);
    assert.deepEqual(
      created.map((a) => [a.action.key, !!a.possible, a.resources]),
      [
        ["apigateway:POST", false, [`${APIGW}/restapis`]],
        ["apigateway:PUT", true, []],
        ["apigateway:UpdateRestApiPolicy", true, []],
      ],
    );
    const tagged = needs(call("TagResource", { resourceArn: `${APIGW}/restapis/abc123` }), authorize);
    assert.deepEqual(
      tagged.map((a) => [a.action.key, !!a.possible]),
      [
        ["apigateway:PUT", true],
        ["apigateway:POST", true],
      ],
    );
  });
});

describe("what a trail can show of API Gateway", () => {
  const o = createObservability(catalog);
  const action = (name: string) => catalog.action(name)!;
  test("every management call but the test invocations is recorded: GET, PUT, PATCH and DELETE", () => {
    for (const verb of ["GET", "PUT", "PATCH", "DELETE"]) {
      assert.equal(o.classify(action(`apigateway:${verb}`)), "management", verb);
      assert.equal(o.observable(action(`apigateway:${verb}`), [MANAGEMENT_ONLY]), true, verb);
    }
  });
  test("a POST may be a TestInvokeMethod, which CloudTrail does not record", () => {
    assert.equal(o.classify(action("apigateway:POST")), "unobservable");
    assert.equal(o.traced(action("apigateway:POST"), [MANAGEMENT_ONLY]), false);
  });
  test("a deployed API's invocations are never recorded", () => {
    for (const name of ["execute-api:Invoke", "execute-api:InvalidateCache"]) {
      assert.equal(o.classify(action(name)), "unobservable", name);
      assert.equal(o.traced(action(name), [MANAGEMENT_ONLY]), false, name);
    }
  });
});
