import assert from "node:assert/strict";
import { test } from "node:test";
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import {
  CredentialReportEncodingError,
  CredentialReportTimeoutError,
  fetchCredentialReport,
} from "../../core/aws/iam-credential-report.js";

/** An injected client answering the report APIs from a script: STARTED, INPROGRESS, ..., COMPLETE. */
function scriptedIam(states: string[], csv = "user,arn\n") {
  const calls: string[] = [];
  const client = {
    send: (async (command: unknown) => {
      if (command instanceof GenerateCredentialReportCommand) {
        calls.push("generate");
        return { State: states.shift() ?? "COMPLETE" };
      }
      if (command instanceof GetCredentialReportCommand) {
        calls.push("get");
        return { Content: new TextEncoder().encode(csv), GeneratedTime: new Date("2026-01-01T00:00:00Z") };
      }
      throw new Error("unexpected command");
    }) as IAMClient["send"],
  };
  return { client, calls };
}

test("polls GenerateCredentialReport until COMPLETE, then reads the decoded CSV", async () => {
  const { client, calls } = scriptedIam(["STARTED", "INPROGRESS", "COMPLETE"], "user,arn\nx,y\n");
  const slept: number[] = [];
  const report = await fetchCredentialReport(client, {
    intervalMs: 5,
    sleep: async (ms) => void slept.push(ms),
  });
  assert.equal(report.csv, "user,arn\nx,y\n");
  assert.deepEqual(report.generatedAt, new Date("2026-01-01T00:00:00Z"));
  assert.deepEqual(calls, ["generate", "generate", "generate", "get"]);
  assert.deepEqual(slept, [5, 5]);
});

test("a report that never completes times out with a typed error", async () => {
  const { client } = scriptedIam(Array(100).fill("INPROGRESS"));
  await assert.rejects(
    fetchCredentialReport(client, { intervalMs: 10, timeoutMs: 30, sleep: async () => undefined }),
    CredentialReportTimeoutError,
  );
});

// A user named `josé` in a report whose bytes are Latin-1: decoded leniently, the row named
// `jos\uFFFD`, a user the account does not have, and josé's keys went unread without a word.
test("a report whose content is not UTF-8 is refused with a typed error, not decoded with replacement characters", async () => {
  const csv = Buffer.from("user,arn\njosé,arn:aws:iam::123456789012:user/josé\n", "latin1");
  const client = {
    send: (async (command: unknown) =>
      command instanceof GenerateCredentialReportCommand
        ? { State: "COMPLETE" }
        : { Content: new Uint8Array(csv) }) as IAMClient["send"],
  };
  await assert.rejects(fetchCredentialReport(client), (error: Error) => {
    assert.ok(error instanceof CredentialReportEncodingError);
    assert.match(error.message, /not UTF-8/);
    return true;
  });
});
