import assert from "node:assert/strict";
import { test } from "node:test";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { loadCatalog } from "../../core/node/load-catalog.js";
import { createApiHandler } from "../../functions/api.js";
import type { Runtime } from "../../functions/runtime.js";
import { httpEvent, lambdaContext } from "../helpers/lambda-events.js";

// Linting an upload needs the catalog alone: no store, no AWS.
const runtime = { catalog: loadCatalog } as unknown as Runtime;
const api = createApiHandler(() => runtime);

async function validate(text: string) {
  const event = httpEvent({ method: "POST", route: "/policies/validate" });
  event.body = text;
  const response = (await api(event, lambdaContext("whittle-api"))) as APIGatewayProxyStructuredResultV2;
  return { status: response.statusCode, body: JSON.parse(String(response.body)) as Record<string, unknown> };
}

test("a document nested too deeply to lint is the caller's 400, not a 500", async () => {
  // Well under the body cap, and JSON.parse reads it; the linter's walks cannot.
  const deep = (value: string) => "[".repeat(30_000) + value + "]".repeat(30_000);
  for (const text of [
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":${deep('"*"')}}]}`,
    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":${deep('"a"')}}}}]}`,
  ]) {
    const { status, body } = await validate(text);
    assert.equal(status, 400, JSON.stringify(body));
    assert.match(String(body.detail), /nests too deeply/);
  }
  // A shallow document still lints.
  const ok = await validate(
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}',
  );
  assert.equal(ok.status, 200);
  assert.equal(ok.body.valid, true);
});
