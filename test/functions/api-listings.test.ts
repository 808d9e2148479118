import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { runPrefix } from "../../core/aws/stores/index.js";
import type { ReportFinding } from "../../core/engine/report/schema.js";
import { createApiHandler } from "../../functions/api.js";
import type { Runtime } from "../../functions/runtime.js";
import { DEPLOYMENT, deployToMoto, motoRuntime } from "../helpers/function-runtime.js";
import { type HttpRequest, httpEvent, lambdaContext } from "../helpers/lambda-events.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { finding, reportWith } from "../helpers/report-fixture.js";

let moto: MotoServer;
let runtime: Runtime;
before(async () => {
  moto = await startMoto();
  await deployToMoto(moto);
  runtime = motoRuntime(moto);
  await succeed(A, "a1", 1, [finding("old")]);
  await succeed(A, "a2", 2, [finding("a-med"), finding("a-high", { severity: "high" })]);
  await runtime.findings.startRun({ runId: "a3", trigger: "api", startedAt: T(3), accountId: A }, "x");
  await succeed(B, "b1", 1, [finding("b-high", { severity: "high" })]);
});
after(() => moto.stop());

// biome-ignore lint/suspicious/noExplicitAny: a test reads arbitrary fields of the JSON it asserts on.
type ApiBody = Record<string, any>;

type Get = Omit<HttpRequest, "method">;

async function call(request: Get) {
  const api = createApiHandler(() => runtime);
  const response = (await api(
    httpEvent({ ...request, method: "GET" }),
    lambdaContext("whittle-api"),
  )) as APIGatewayProxyStructuredResultV2;
  return { ...response, json: JSON.parse(String(response.body)) as ApiBody };
}

/** Every page of a listing, following nextToken as a client would. */
async function pages(request: Get): Promise<ApiBody[][]> {
  const out: ApiBody[][] = [];
  let nextToken: string | undefined;
  do {
    const page = await call({ ...request, query: { ...request.query, ...(nextToken ? { nextToken } : {}) } });
    assert.equal(page.statusCode, 200, page.body);
    out.push(page.json.items);
    nextToken = page.json.nextToken;
  } while (nextToken);
  return out;
}

const [A, B] = ["210987654321", "310987654321"];
const COUNTS = { critical: 0, high: 1, medium: 1, low: 0, info: 0, suppressed: 0, principals: 1, events: 1 };
const T = (day: number) => `2026-11-0${day}T00:00:00.000Z`;

async function succeed(accountId: string, runId: string, day: number, findings: ReportFinding[]) {
  const { findings: store } = runtime;
  await store.startRun({ runId, trigger: "organization", startedAt: T(day), accountId }, `exec-${runId}`);
  await store.recordFindings({ accountId, runId, startedAt: T(day) }, findings);
  await store.completeRun(runId, accountId, COUNTS, T(9));
}

test("GET /accounts/{accountId}/audits lists the account's runs newest first, in pages", async () => {
  const listed = await pages({
    route: "/accounts/{accountId}/audits",
    pathParameters: { accountId: A },
    query: { limit: "2" },
  });
  assert.deepEqual(
    listed.map((p) => p.map((r) => `${r.runId}:${r.status}`)),
    [["a3:RUNNING", "a2:SUCCEEDED"], ["a1:SUCCEEDED"]],
  );
  const bad = await call({ route: "/accounts/{accountId}/audits", pathParameters: { accountId: "12" } });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.headers?.["content-type"], "application/problem+json");
  const first = await call({
    route: "/accounts/{accountId}/audits",
    pathParameters: { accountId: A },
    query: { limit: "1" },
  });
  const foreign = await call({
    route: "/accounts/{accountId}/audits",
    pathParameters: { accountId: B },
    query: { nextToken: first.json.nextToken },
  });
  assert.equal(foreign.statusCode, 400, "a token from another account's listing");
});

test("GET /org/audits lists every account's latest successful run", async () => {
  const listed = await pages({ route: "/org/audits", query: { limit: "1" } });
  assert.deepEqual(
    listed.flat().map((r) => `${r.accountId}:${r.runId}`),
    [`${A}:a2`, `${B}:b1`],
  );
});

test("findings per account and across the organization, with the severity filter", async () => {
  const account = await pages({ route: "/accounts/{accountId}/findings", pathParameters: { accountId: A } });
  assert.deepEqual(
    account.flat().map((f) => f.id),
    ["a-high", "a-med"],
  );
  const resolved = await pages({
    route: "/accounts/{accountId}/findings",
    pathParameters: { accountId: A },
    query: { status: "resolved" },
  });
  assert.deepEqual(
    resolved.flat().map((f) => f.id),
    ["old"],
  );
  const org = await pages({ route: "/org/findings", query: { limit: "1" } });
  assert.deepEqual(
    org.flat().map((f) => `${f.accountId}/${f.id}`),
    [`${A}/a-high`, `${A}/a-med`, `${B}/b-high`],
  );
  const high = await pages({ route: "/org/findings", query: { severity: "high" } });
  assert.deepEqual(
    high.flat().map((f) => `${f.accountId}/${f.id}`),
    [`${A}/a-high`, `${B}/b-high`],
  );
  const bad = await call({ route: "/org/findings", query: { severity: "dire" } });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json.detail, /severity/);
});

test("a stored report that no longer parses is a 500, not the caller's invalid request", async () => {
  const accountId = "410987654321";
  const report = reportWith([finding("x")], accountId);
  await runtime.findings.startRun({ runId: "c1", trigger: "api", startedAt: T(1), accountId }, "c");
  await runtime.reports.putReport("c1", report);
  await runtime.findings.completeRun("c1", accountId, COUNTS, T(2));
  await moto.clients.s3.send(
    new PutObjectCommand({
      Bucket: DEPLOYMENT.bucket,
      Key: `${runPrefix({ accountId, runId: "c1" })}report.json`,
      Body: JSON.stringify({ ...report, schemaVersion: 7 }),
    }),
  );
  const arn = encodeURIComponent(report.recommendations[0]?.principalArn ?? "");
  const broken = await call({ route: "/principals/{arn}/recommendation", pathParameters: { arn } });
  assert.equal(broken.statusCode, 500);
  assert.equal(broken.json.title, "Internal error");
  const invalid = await call({ route: "/principals/{arn}/recommendation", pathParameters: { arn: "nope" } });
  assert.equal(invalid.statusCode, 400);
  assert.equal(invalid.json.title, "Invalid request");
});
