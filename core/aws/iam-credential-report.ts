import { isUtf8 } from "node:buffer";
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

export class CredentialReportEncodingError extends Error {
  override readonly name = "CredentialReportEncodingError";
}

/**
 * Asks IAM for a fresh credential report and fetches it. GenerateCredentialReport is idempotent:
 * it starts a report or reports the state of one under way, so polling it is the documented way to
 * wait (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateCredentialReport.html).
 * SDK v3 base64-decodes Content into bytes; the CSV is their UTF-8 text. Bytes that are not
 * UTF-8 make the report unreadable, as they do a saved report: decoded leniently, each became
 * U+FFFD and a user's row named another user.
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
  const bytes = report.Content ?? new Uint8Array();
  if (!isUtf8(bytes))
    throw new CredentialReportEncodingError(
      "the report's content is not UTF-8: its rows cannot be read as written",
    );
  const csv = new TextDecoder().decode(bytes);
  return { csv, ...(report.GeneratedTime ? { generatedAt: report.GeneratedTime } : {}) };
}
