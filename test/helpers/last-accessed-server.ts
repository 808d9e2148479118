import { readFileSync } from "node:fs";
import type { IAMClient } from "@aws-sdk/client-iam";
import { createClients } from "../../core/aws/clients.js";
import { type LoopbackServer, startLoopback } from "./loopback.js";
import { realData } from "./paths.js";
import { REQUEST_TIMEOUT_MS } from "./timeouts.js";

/** The four principals whose jobs CloudMapper recorded from a real account, by their file names. */
export const RECORDED: Record<string, string> = {
  "arn:aws:iam::123456789012:role/bad_role": "arn_aws_iam__123456789012_role_bad_role",
  "arn:aws:iam::123456789012:role/exfiller": "arn_aws_iam__123456789012_role_exfiller",
  "arn:aws:iam::123456789012:role/level3": "arn_aws_iam__123456789012_role_level3",
  "arn:aws:iam::123456789012:role/service-role/level1": "arn_aws_iam__123456789012_role_service-role_level1",
};
const demo = (...parts: string[]) => JSON.parse(readFileSync(realData("cloudmapper-demo", ...parts), "utf8"));
const recordedJob = (file: string) =>
  demo("iam-generate-service-last-accessed-details", `${file}.json`).JobId as string;

export interface Behaviour {
  /** Polls of each job answered IN_PROGRESS before the recorded answer. */
  pendingPolls: number;
  /** An AWS error code for GenerateServiceLastAccessedDetails, when set. */
  generateError?: string;
}

export interface RecordedIam {
  /** A client of this server (SDK v3, the production configuration). */
  iam: IAMClient;
  behaviour: Behaviour;
  /** Every action called, in order. */
  calls: string[];
  /** The job started for each ARN. */
  jobs: Map<string, string>;
  reset(): void;
  close(): Promise<void>;
}

/**
 * moto does not implement the last-accessed APIs, so this loopback server plays IAM: it answers the
 * Query API with the responses CloudMapper recorded from a real account (as XML, the wire format).
 * A recorded principal gets its own job; any other ARN one of the four recordings, in turn, under a
 * job id of its own.
 */
export async function startRecordedIam(): Promise<RecordedIam> {
  const files = Object.values(RECORDED);
  const state: RecordedIam = {
    iam: undefined as unknown as IAMClient,
    behaviour: { pendingPolls: 0 },
    calls: [],
    jobs: new Map(),
    reset() {
      state.behaviour = { pendingPolls: 0 };
      state.calls.length = 0;
      state.jobs.clear();
      polls.clear();
    },
    close: () => server.close(),
  };
  const polls = new Map<string, number>();
  const answer = (params: URLSearchParams): { status: number; xml: string } => {
    const action = params.get("Action") ?? "";
    state.calls.push(action);
    if (action === "GenerateServiceLastAccessedDetails") {
      if (state.behaviour.generateError) {
        const error = `<ErrorResponse><Error><Type>Sender</Type><Code>${state.behaviour.generateError}</Code><Message>denied for the test</Message></Error><RequestId>r</RequestId></ErrorResponse>`;
        return { status: 403, xml: error };
      }
      const arn = params.get("Arn") ?? "";
      const file = RECORDED[arn] ?? files[state.jobs.size % files.length] ?? "";
      const jobId = RECORDED[arn] ? recordedJob(file) : `${recordedJob(file)}~${state.jobs.size}`;
      state.jobs.set(arn, jobId);
      return { status: 200, xml: envelope(action, element("JobId", jobId)) };
    }
    const jobId = params.get("JobId") ?? "";
    const seen = polls.get(jobId) ?? 0;
    polls.set(jobId, seen + 1);
    if (seen < state.behaviour.pendingPolls)
      return {
        status: 200,
        xml: envelope(action, `${element("JobStatus", "IN_PROGRESS")}<ServicesLastAccessed/>`),
      };
    return { status: 200, xml: envelope(action, completed(jobId.split("~")[0] ?? "")) };
  };
  const server: LoopbackServer = await startLoopback((body) => {
    const { status, xml } = answer(new URLSearchParams(body));
    return { status, contentType: "text/xml", body: xml };
  });
  state.iam = createClients({
    endpoint: server.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  }).iam;
  return state;
}

function completed(jobId: string): string {
  const job = demo("iam-get-service-last-accessed-details", `${jobId}.json`);
  const services = (job.ServicesLastAccessed as Record<string, unknown>[])
    .map(
      (s) =>
        `<member>${Object.entries(s)
          .map(([k, v]) => element(k, v))
          .join("")}</member>`,
    )
    .join("");
  return [
    element("JobStatus", job.JobStatus),
    element("JobCreationDate", job.JobCreationDate),
    element("JobCompletionDate", job.JobCompletionDate),
    `<ServicesLastAccessed>${services}</ServicesLastAccessed>`,
    element("IsTruncated", false),
  ].join("");
}

const xmlText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const element = (name: string, value: unknown): string =>
  value === undefined ? "" : `<${name}>${xmlText(String(value))}</${name}>`;
const envelope = (action: string, body: string) =>
  `<${action}Response xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><${action}Result>${body}</${action}Result><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></${action}Response>`;
