import type { Call, CallContext } from "./calls.js";
import type { Rng } from "./rng.js";

/**
 * How one principal behaves over the window: who signs the calls, when, from where, and which calls
 * it makes. The trail is simulated from these plans, and every last-used date in the GAAD and the
 * credential report is read back from the simulated trail, so the three can never disagree.
 */
export interface Plan {
  who: { user: string } | { role: string };
  /** key: a long-term access key; console: a console sign-in; session: a role session. */
  auth: "key" | "console" | "session";
  /** Which of the user's access keys (1 or 2) signs, for `key`. */
  keySlot?: 1 | 2;
  /** The role session name. */
  session?: (ctx: CallContext) => string;
  /** Set when an AWS service makes the calls with the role (service-linked and service roles). */
  invokedBy?: string;
  agent: string;
  ip: string | ((rng: Rng) => string);
  region: string;
  days: { weekdays?: boolean; chance?: number; from?: string; until?: string };
  /** UTC hours [from, to) in which calls happen. */
  hours: [number, number];
  perDay: [number, number];
  calls: Call[];
}

export const AGENTS = {
  cli: "aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0-1017-aws md/arch#x86_64 lang/python#3.12.6 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off",
  oldCli: "aws-cli/1.18.69 Python/3.6.9 Linux/4.15.0-1065-aws botocore/1.16.19",
  console: "AWS Internal",
  s3Console: "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 Linux/5.10.227-198.884.amzn2int.x86_64]",
  nodeLambda:
    "aws-sdk-js/3.693.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 api/dynamodb#3.693.0 exec-env/AWS_Lambda_nodejs20.x",
  nodeEcs:
    "aws-sdk-js/3.693.0 ua/2.1 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 exec-env/AWS_ECS_FARGATE",
  python:
    "Boto3/1.35.68 md/Botocore#1.35.68 ua/2.0 os/linux#5.15.0-1072-aws md/arch#x86_64 lang/python#3.11.10 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.35.68",
  github: "aws-sdk-nodejs/2.1692.0 linux/v20.18.0 configure-aws-credentials-for-github-actions",
  ssmAgent: "aws-sdk-go/1.55.5 (go1.22.9; linux; amd64) amazon-ssm-agent/3.3.1142.0",
} as const;

/** Addresses from the documentation ranges (RFC 5737) and private space: no real host is named. */
export const IPS = {
  office: (rng: Rng) => `198.51.100.${rng.int(10, 40)}`,
  vendor: (rng: Rng) => `203.0.113.${rng.int(100, 120)}`,
  github: (rng: Rng) => `192.0.2.${rng.int(1, 250)}`,
  nat: "198.51.100.200",
  onPremises: "203.0.113.7",
  etlHostA: "203.0.113.21",
  etlHostB: "203.0.113.22",
};
