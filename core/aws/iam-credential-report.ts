import { setTimeout as delay } from "node:timers/promises";
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";

export interface PollOptions {
  /** Between polls; AWS reports typically complete within seconds. */
  intervalMs?: number;
  /** Give up after this long. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class CredentialReportTimeoutError extends Error {
  override readonly name = "CredentialReportTimeoutError";
}

/**
 * Asks IAM for a fresh credential report and fetches it. GenerateCredentialReport is idempotent:
 * it starts a report or reports the state of one under way, so polling it is the documented way to
 * wait (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateCredentialReport.html).
 * SDK v3 base64-decodes Content into bytes; the CSV is their UTF-8 text.
 */
export async function fetchCredentialReport(
  iam: Pick<IAMClient, "send">,
  options: PollOptions = {},
): Promise<{ csv: string; generatedAt?: Date }> {
  const { intervalMs = 2000, timeoutMs = 120_000, sleep = (ms: number) => delay(ms) } = options;
  let waited = 0;
  for (;;) {
    const state = await iam.send(new GenerateCredentialReportCommand({}));
    if (state.State === "COMPLETE") break;
    if (waited >= timeoutMs) {
      throw new CredentialReportTimeoutError(
        `the credential report was not ready after ${timeoutMs / 1000} s`,
      );
    }
    await sleep(intervalMs);
    waited += intervalMs;
  }
  const report = await iam.send(new GetCredentialReportCommand({}));
  const csv = new TextDecoder().decode(report.Content ?? new Uint8Array());
  return { csv, ...(report.GeneratedTime ? { generatedAt: report.GeneratedTime } : {}) };
}
