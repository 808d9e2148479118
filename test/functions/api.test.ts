import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { DescribeExecutionCommand, ListExecutionsCommand } from "@aws-sdk/client-sfn";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { createApiHandler, ROUTES } from "../../functions/api.js";
import type { Runtime } from "../../functions/runtime.js";
import {
  DEMO_TRAIL_DAYS,
  DEMO_WINDOW_DAYS,
  deliverDemoTrail,
  demoClock,
  demoTrailCloudTrail,
  deployToMoto,
  motoRuntime,
} from "../helpers/function-runtime.js";
import { type HttpRequest, httpEvent, LAMBDA_ACCOUNT, lambdaContext } from "../helpers/lambda-events.js";
import { type MotoServer, startMoto } from "../helpers/moto.js";
import { deployMachines } from "../helpers/orchestration.js";

let moto: MotoServer;
let orchestration: Awaited<ReturnType<typeof deployMachines>>;
let runtime: Runtime;
let api: ReturnType<typeof createApiHandler>;
before(async () => {
  moto = await startMoto();
  await deployToMoto(moto);
  orchestration = await deployMachines(moto);
  assert.ok((await deliverDemoTrail(moto, DEMO_TRAIL_DAYS)) > 0);
  runtime = motoRuntime(moto, orchestration.env, {
    clock: demoClock(),
    clients: { cloudtrail: demoTrailCloudTrail() },
  });
  api = createApiHandler(() => runtime);
});
after(() => moto.stop());

/** Response bodies as the tests read them: JSON whose shape each assertion checks. */
// biome-ignore lint/suspicious/noExplicitAny: a test reads arbitrary fields of the JSON it asserts on.
type ApiBody = Record<string, any>;

async function call(request: HttpRequest) {
  const response = (await api(
    httpEvent(request),
    lambdaContext("whittle-api"),
  )) as APIGatewayProxyStructuredResultV2;
  return { ...response, json: JSON.parse(String(response.body)) as ApiBody };
}

/** The executions started since the last look, as (name, input). */
async function started(): Promise<{ name: string; input: unknown }[]> {
  const { executions = [] } = await orchestration.sfn.send(
    new ListExecutionsCommand({ stateMachineArn: orchestration.env.STATE_MACHINE_ARN }),
  );
  const fresh = executions.filter((e) => !seen.has(e.executionArn ?? ""));
  const out: { name: string; input: unknown }[] = [];
  for (const e of fresh) {
    seen.add(e.executionArn ?? "");
    const described = await orchestration.sfn.send(
      new DescribeExecutionCommand({ executionArn: e.executionArn }),
    );
    out.push({ name: e.name ?? "", input: JSON.parse(described.input ?? "{}") });
  }
  return out;
}
const seen = new Set<string>();

/** POST /accounts/{accountId}/audits, then its execution runs through the synthesized state machine. */
async function auditThroughExecution(): Promise<string> {
  const posted = await call({
    method: "POST",
    route: "/accounts/{accountId}/audits",
    body: { days: DEMO_WINDOW_DAYS },
  });
  assert.equal(posted.statusCode, 202);
  const execution = (await orchestration.runStarted(runtime)).find((e) => e.name === posted.json.runId);
  assert.ok(execution && execution.error === undefined, String(execution?.error));
  return posted.json.runId;
}

test("POST /accounts/{accountId}/audits answers 202 with a RUNNING run and starts its execution, named by the run id", async () => {
  const posted = await call({ method: "POST", route: "/accounts/{accountId}/audits", body: { days: 30 } });
  assert.equal(posted.statusCode, 202);
  assert.equal(posted.headers?.location, `/accounts/${LAMBDA_ACCOUNT}/audits/${posted.json.runId}`);
  const status = await call({
    method: "GET",
    route: "/accounts/{accountId}/audits/{id}",
    pathParameters: { id: posted.json.runId },
  });
  assert.equal(status.json.status, "RUNNING");
  assert.deepEqual(await started(), [{ name: posted.json.runId, input: { trigger: "api", days: 30 } }]);
  const [execution] = await orchestration.runStarted(runtime);
  assert.equal(execution?.error, undefined);
  const done = await call({
    method: "GET",
    route: "/accounts/{accountId}/audits/{id}",
    pathParameters: { id: posted.json.runId },
  });
  assert.equal(done.statusCode, 200);
  assert.equal(done.json.status, "SUCCEEDED");
  assert.equal(done.json.accountId, LAMBDA_ACCOUNT);
  assert.ok(done.json.counts.principals > 0);
});

test("the same Idempotency-Key starts one run", async () => {
  const key = { "idempotency-key": `nightly-${randomUUID()}` };
  const first = await call({ method: "POST", route: "/accounts/{accountId}/audits", headers: key });
  const repeat = await call({ method: "POST", route: "/accounts/{accountId}/audits", headers: key });
  assert.equal(first.statusCode, 202);
  assert.equal(repeat.statusCode, 202);
  assert.equal(repeat.json.runId, first.json.runId);
  assert.equal((await started()).length, 1);
  await orchestration.runStarted(runtime);
});

test("GET /accounts/{accountId}/audits/{id}/report gives a short-lived URL to the HTML or JSON report", async () => {
  const runId = await auditThroughExecution();
  const html = await call({
    method: "GET",
    route: "/accounts/{accountId}/audits/{id}/report",
    pathParameters: { id: runId },
    query: { format: "html" },
  });
  assert.equal(html.statusCode, 200);
  assert.equal(html.json.expiresIn, 300);
  const page = await fetch(html.json.url);
  assert.match(await page.text(), /<html/i);
  const jsonUrl = await call({
    method: "GET",
    route: "/accounts/{accountId}/audits/{id}/report",
    pathParameters: { id: runId },
    query: { format: "json" },
  });
  const report = (await (await fetch(jsonUrl.json.url)).json()) as { accountId: string };
  assert.equal(report.accountId, LAMBDA_ACCOUNT);
});

async function allFindings(query: Record<string, string>): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await call({
      method: "GET",
      route: "/accounts/{accountId}/findings",
      query: { ...query, ...(nextToken ? { nextToken } : {}) },
    });
    assert.equal(page.statusCode, 200);
    ids.push(...page.json.items.map((f: { id: string }) => f.id));
    nextToken = page.json.nextToken;
    pages++;
  } while (nextToken && pages < 500);
  return { ids, pages };
}

test("GET /accounts/{accountId}/findings filters and pages with nextToken", async () => {
  await auditThroughExecution();
  const big = await allFindings({ limit: "100" });
  const small = await allFindings({ limit: "7" });
  assert.ok(big.ids.length > 7);
  assert.ok(small.pages >= Math.ceil(big.ids.length / 7));
  assert.equal(new Set(small.ids).size, small.ids.length, "no finding repeats across pages");
  assert.deepEqual([...small.ids].sort(), [...big.ids].sort());
  const admin = await call({
    method: "GET",
    route: "/accounts/{accountId}/findings",
    query: { kind: "admin-access", severity: "critical", limit: "100" },
  });
  assert.ok(admin.json.items.length > 0);
  assert.ok(
    admin.json.items.every(
      (f: { kind: string; severity: string }) => f.kind === "admin-access" && f.severity === "critical",
    ),
  );
});

test("GET /accounts/{accountId}/principals/{arn}/recommendation reads the latest successful run's report", async () => {
  const runId = await auditThroughExecution();
  const report = await runtime.reports.getReport({ accountId: LAMBDA_ACCOUNT, runId });
  assert.ok(report && report.summary.events > 0, "the trail's events were read");
  const arn = report.recommendations[0]?.principalArn ?? "";
  assert.ok(arn, "a covered window yields recommendations");
  const found = await call({
    method: "GET",
    route: "/accounts/{accountId}/principals/{arn}/recommendation",
    pathParameters: { arn },
  });
  assert.equal(found.statusCode, 200, `${arn}: ${String(found.body)}`);
  assert.equal(found.json.recommendation.principalArn, arn);
  assert.equal(found.json.runId, runId);
  const missing = await call({
    method: "GET",
    route: "/accounts/{accountId}/principals/{arn}/recommendation",
    pathParameters: { arn: `arn:aws:iam::${LAMBDA_ACCOUNT}:role/does-not-exist` },
  });
  assert.equal(missing.statusCode, 404);
});

const problems: [string, HttpRequest, number][] = [
  [
    "a body that is not JSON",
    { method: "POST", route: "/accounts/{accountId}/audits", body: undefined, headers: {} },
    400,
  ],
  ["an out-of-range days", { method: "POST", route: "/accounts/{accountId}/audits", body: { days: 0 } }, 400],
  [
    "an unknown body field",
    { method: "POST", route: "/accounts/{accountId}/audits", body: { account: "x" } },
    400,
  ],
  [
    "a run id that is not a UUID",
    { method: "GET", route: "/accounts/{accountId}/audits/{id}", pathParameters: { id: "../etc" } },
    400,
  ],
  [
    "an unknown run",
    { method: "GET", route: "/accounts/{accountId}/audits/{id}", pathParameters: { id: randomUUID() } },
    404,
  ],
  [
    "an unknown format",
    {
      method: "GET",
      route: "/accounts/{accountId}/audits/{id}/report",
      pathParameters: { id: randomUUID() },
      query: { format: "pdf" },
    },
    400,
  ],
  [
    "an unknown status filter",
    { method: "GET", route: "/accounts/{accountId}/findings", query: { status: "closed" } },
    400,
  ],
  [
    "a forged page token",
    { method: "GET", route: "/accounts/{accountId}/findings", query: { nextToken: "eyJldmlsIjoxfQ" } },
    400,
  ],
  [
    "a principal that is not an IAM ARN",
    {
      method: "GET",
      route: "/accounts/{accountId}/principals/{arn}/recommendation",
      pathParameters: { arn: "alice" },
    },
    400,
  ],
  [
    "a principal of another account",
    {
      method: "GET",
      route: "/accounts/{accountId}/principals/{arn}/recommendation",
      pathParameters: { arn: "arn:aws:iam::111122223333:role/app" },
    },
    404,
  ],
  [
    "an account id that is not 12 digits",
    { method: "GET", route: "/accounts/{accountId}/findings", pathParameters: { accountId: "12345" } },
    400,
  ],
  [
    "another account than the deployment's own",
    {
      method: "POST",
      route: "/accounts/{accountId}/audits",
      pathParameters: { accountId: "111122223333" },
      body: {},
    },
    404,
  ],
  [
    "a principal ARN with a broken escape",
    {
      method: "GET",
      route: "/accounts/{accountId}/principals/{arn}/recommendation",
      pathParameters: { arn: "arn%E0%A4%A" },
    },
    400,
  ],
];

for (const [what, request, status] of problems) {
  test(`${what} is a ${status} problem+json`, async () => {
    const event = httpEvent(request);
    if (what === "a body that is not JSON") event.body = "{not json";
    const response = (await api(event, lambdaContext("whittle-api"))) as APIGatewayProxyStructuredResultV2;
    assert.equal(response.statusCode, status);
    assert.equal(response.headers?.["content-type"], "application/problem+json");
    const body = JSON.parse(String(response.body));
    assert.equal(body.status, status);
    assert.ok(body.title);
  });
}

test("the report of a run still RUNNING is a 409, and an unknown route a 404", async () => {
  const posted = await call({ method: "POST", route: "/accounts/{accountId}/audits" });
  const early = await call({
    method: "GET",
    route: "/accounts/{accountId}/audits/{id}/report",
    pathParameters: { id: posted.json.runId },
  });
  assert.equal(early.statusCode, 409);
  assert.equal(early.json.runStatus, "RUNNING");
  const event = httpEvent({ method: "GET", route: "/admin" });
  const response = (await api(event, lambdaContext("whittle-api"))) as APIGatewayProxyStructuredResultV2;
  assert.equal(response.statusCode, 404);
});

test("every route the handler serves is one the stack declares", async () => {
  const { API_ROUTES } = await import("../../stacks/routes.js");
  assert.deepEqual(Object.keys(ROUTES).sort(), [...API_ROUTES].sort());
});

test("in org mode the path's account is audited, and a run is read under its own account's path only", async () => {
  const org: Runtime = { ...runtime, config: { ...runtime.config, orgMode: true } };
  const orgApi = createApiHandler(() => org);
  const orgCall = async (request: HttpRequest) => {
    const response = (await orgApi(
      httpEvent(request),
      lambdaContext("whittle-api"),
    )) as APIGatewayProxyStructuredResultV2;
    return { ...response, json: JSON.parse(String(response.body)) as ApiBody };
  };
  const member = "111122223333";
  const key = { "idempotency-key": `member-${randomUUID()}` };
  await started(); // what earlier tests started is not this test's
  const posted = await orgCall({
    method: "POST",
    route: "/accounts/{accountId}/audits",
    pathParameters: { accountId: member },
    headers: key,
    body: {},
  });
  assert.equal(posted.statusCode, 202);
  const id = posted.json.runId;
  assert.equal(posted.headers?.location, `/accounts/${member}/audits/${id}`);
  assert.deepEqual(await started(), [{ name: id, input: { trigger: "api", accountId: member } }]);
  const theirs = await orgCall({
    method: "GET",
    route: "/accounts/{accountId}/audits/{id}",
    pathParameters: { accountId: member, id },
  });
  assert.equal(theirs.statusCode, 200);
  assert.equal(theirs.json.accountId, member);
  const ours = await orgCall({
    method: "GET",
    route: "/accounts/{accountId}/audits/{id}",
    pathParameters: { id },
  });
  assert.equal(ours.statusCode, 404, "another account's run is not found under this account's path");
  const sameKey = await orgCall({
    method: "POST",
    route: "/accounts/{accountId}/audits",
    headers: key,
    body: {},
  });
  assert.equal(sameKey.statusCode, 409, "the same Idempotency-Key for another account");
  assert.deepEqual(await started(), []);
});

const passRoleEverywhere = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }],
};

test("POST /policies/validate lints an uploaded document, JSON or URL-encoded, as whittle validate does", async () => {
  const linted = await call({ method: "POST", route: "/policies/validate", body: passRoleEverywhere });
  assert.equal(linted.statusCode, 200);
  assert.equal(linted.json.valid, true);
  assert.ok(linted.json.problems.some((p: { code: string }) => p.code === "pass-role-wildcard"));
  const event = httpEvent({ method: "POST", route: "/policies/validate", query: { kind: "identity" } });
  event.body = encodeURIComponent(
    JSON.stringify({ ...passRoleEverywhere, Statement: [{ Effect: "Maybe" }] }),
  );
  const invalid = (await api(event, lambdaContext("whittle-api"))) as APIGatewayProxyStructuredResultV2;
  assert.equal(invalid.statusCode, 200);
  assert.equal(JSON.parse(String(invalid.body)).valid, false);
});

test("an upload past the cap is a 413 problem+json, whether or not API Gateway base64-encoded it", async () => {
  const { MAX_BODY_BYTES } = await import("../../functions/routes/request.js");
  const padded = (bytes: number) =>
    JSON.stringify({
      ...passRoleEverywhere,
      Id: "x".repeat(bytes - JSON.stringify(passRoleEverywhere).length - 8),
    });
  assert.equal(Buffer.byteLength(padded(MAX_BODY_BYTES)), MAX_BODY_BYTES);
  const send = async (route: string, text: string, base64: boolean) => {
    const event = httpEvent({ method: "POST", route });
    event.body = base64 ? Buffer.from(text).toString("base64") : text;
    event.isBase64Encoded = base64;
    return (await api(event, lambdaContext("whittle-api"))) as APIGatewayProxyStructuredResultV2;
  };
  for (const base64 of [false, true]) {
    assert.equal((await send("/policies/validate", padded(MAX_BODY_BYTES), base64)).statusCode, 200);
    const over = await send("/policies/validate", padded(MAX_BODY_BYTES + 1), base64);
    assert.equal(over.statusCode, 413, `base64: ${base64}`);
    assert.equal(over.headers?.["content-type"], "application/problem+json");
    assert.equal(JSON.parse(String(over.body)).maxBytes, MAX_BODY_BYTES);
  }
  // Multi-byte characters count as the bytes they take, and the cap guards every body a route reads.
  const wide = JSON.stringify({ Id: "é".repeat(MAX_BODY_BYTES / 2) });
  assert.equal((await send("/policies/validate", wide, false)).statusCode, 413);
  assert.equal((await send("/accounts/{accountId}/audits", wide, false)).statusCode, 413);
});
