import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, beforeEach, test } from "node:test";
import type { IAMClient } from "@aws-sdk/client-iam";
import { createClients } from "../../core/aws/clients.js";
import { fetchLastAccessed } from "../../core/aws/iam-last-accessed.js";
import { type LoopbackServer, startLoopback } from "../helpers/loopback.js";
import { realData } from "../helpers/paths.js";
import { REQUEST_TIMEOUT_MS } from "../helpers/timeouts.js";

/**
 * moto does not implement the last-accessed APIs, so this loopback server plays IAM: it answers the
 * Query API with the responses CloudMapper recorded from a real account (as XML, the wire format),
 * mapping each principal to its recorded job as CloudMapper's file names do.
 */
const RECORDED: Record<string, string> = {
  "arn:aws:iam::123456789012:role/bad_role": "arn_aws_iam__123456789012_role_bad_role",
  "arn:aws:iam::123456789012:role/exfiller": "arn_aws_iam__123456789012_role_exfiller",
  "arn:aws:iam::123456789012:role/level3": "arn_aws_iam__123456789012_role_level3",
  "arn:aws:iam::123456789012:role/service-role/level1": "arn_aws_iam__123456789012_role_service-role_level1",
};
const demo = (...parts: string[]) => JSON.parse(readFileSync(realData("cloudmapper-demo", ...parts), "utf8"));
const jobOf = (arn: string) =>
  demo("iam-generate-service-last-accessed-details", `${RECORDED[arn]}.json`).JobId as string;

interface Behaviour {
  /** Polls answered IN_PROGRESS before the recorded answer. */
  pendingPolls: number;
  /** An AWS error code for GenerateServiceLastAccessedDetails, when set. */
  generateError?: string;
}
let behaviour: Behaviour;
const calls: string[] = [];
const polls = new Map<string, number>();

const xmlText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const element = (name: string, value: unknown): string =>
  value === undefined ? "" : `<${name}>${xmlText(String(value))}</${name}>`;
const envelope = (action: string, body: string) =>
  `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${action}Result>${body}</${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`;

function answer(params: URLSearchParams): { status: number; xml: string } {
  const action = params.get("Action") ?? "";
  calls.push(action);
  if (action === "GenerateServiceLastAccessedDetails") {
    if (behaviour.generateError) {
      const error = `<ErrorResponse><Error><Type>Sender</Type><Code>${behaviour.generateError}</Code><Message>denied for the test</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
      return { status: 403, xml: error };
    }
    return { status: 200, xml: envelope(action, element("JobId", jobOf(params.get("Arn") ?? ""))) };
  }
  const jobId = params.get("JobId") ?? "";
  const seen = polls.get(jobId) ?? 0;
  polls.set(jobId, seen + 1);
  if (seen < behaviour.pendingPolls) {
    return {
      status: 200,
      xml: envelope(action, `${element("JobStatus", "IN_PROGRESS")}<ServicesLastAccessed/>`),
    };
  }
  const job = demo("iam-get-service-last-accessed-details", `${jobId}.json`);
  const services = (job.ServicesLastAccessed as Record<string, unknown>[])
    .map(
      (s) =>
        `<member>${Object.entries(s)
          .map(([k, v]) => element(k, v))
          .join("")}</member>`,
    )
    .join("");
  const body = [
    element("JobStatus", job.JobStatus),
    element("JobCreationDate", job.JobCreationDate),
    element("JobCompletionDate", job.JobCompletionDate),
    `<ServicesLastAccessed>${services}</ServicesLastAccessed>`,
    element("IsTruncated", false),
  ].join("");
  return { status: 200, xml: envelope(action, body) };
}

let server: LoopbackServer;
let iam: IAMClient;
before(async () => {
  server = await startLoopback((body) => {
    const { status, xml } = answer(new URLSearchParams(body));
    return { status, contentType: "text/xml", body: xml };
  });
  iam = createClients({
    endpoint: server.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  }).iam;
});
after(() => server.close());
beforeEach(() => {
  behaviour = { pendingPolls: 0 };
  calls.length = 0;
  polls.clear();
});

const poll = { intervalMs: 1, timeoutMs: 1000 };

test("replays the recorded jobs of the four demo roles into last-accessed data", async () => {
  const arns = Object.keys(RECORDED);
  const result = await fetchLastAccessed(iam, arns, { ...poll, concurrency: 2 });
  assert.deepEqual(result.warnings, []);
  assert.deepEqual(Object.keys(result.lastAccessed).sort(), [...arns].sort());
  assert.deepEqual(result.lastAccessed["arn:aws:iam::123456789012:role/level3"], {
    jobCompleted: "2019-05-03T21:56:43.085Z",
    services: [
      {
        namespace: "logs",
        name: "Amazon CloudWatch Logs",
        lastAuthenticated: "2019-04-15T04:19:00.000Z",
        lastAuthenticatedEntity: "arn:aws:iam::123456789012:role/level3",
        totalAuthenticatedEntities: 1,
      },
    ],
  });
});

test("polls a job that is still in progress until it completes", async () => {
  behaviour.pendingPolls = 2;
  const arn = "arn:aws:iam::123456789012:role/exfiller";
  const result = await fetchLastAccessed(iam, [arn], poll);
  assert.equal(result.lastAccessed[arn]?.services[0]?.namespace, "logs");
  assert.deepEqual(calls, [
    "GenerateServiceLastAccessedDetails",
    "GetServiceLastAccessedDetails",
    "GetServiceLastAccessedDetails",
    "GetServiceLastAccessedDetails",
  ]);
});

test("when the first job cannot start, one warning is recorded and no other job is tried", async () => {
  behaviour.generateError = "AccessDenied";
  const result = await fetchLastAccessed(iam, Object.keys(RECORDED), poll);
  assert.deepEqual(result.lastAccessed, {});
  assert.equal(result.warnings.length, 1);
  assert.match(result.warnings[0] ?? "", /unavailable.*AccessDenied/);
  assert.deepEqual(calls, ["GenerateServiceLastAccessedDetails"]);
});

test("a job that never completes becomes a warning for that principal", async () => {
  behaviour.pendingPolls = 1_000;
  const arn = "arn:aws:iam::123456789012:role/level3";
  const result = await fetchLastAccessed(iam, [arn], { intervalMs: 1, timeoutMs: 3 });
  assert.deepEqual(result.lastAccessed, {});
  assert.match(result.warnings[0] ?? "", /role\/level3.*still in progress/);
});
