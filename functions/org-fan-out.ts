import { randomUUID } from "node:crypto";
import { paginateListAccounts } from "@aws-sdk/client-organizations";
import { SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import type { AuditMessage } from "./messages.js";
import type { Runtime } from "./runtime.js";

export interface FanOutResult {
  queued: { accountId: string; runId: string }[];
  failed: { accountId: string; error: string }[];
}

/**
 * Org mode: one queued audit per active account, so each runs in its own worker invocation and a
 * failing account fails only its own run. A message the queue refuses is reported, never retried
 * here: the next schedule covers it.
 */
export async function fanOutToAccounts(runtime: Runtime, days?: number): Promise<FanOutResult> {
  const { queueUrl } = runtime.config;
  if (!queueUrl) throw new Error("org mode needs QUEUE_URL");
  const messages: AuditMessage[] = [];
  const pages = paginateListAccounts({ client: runtime.clients.organizations as never }, {});
  for await (const page of pages) {
    for (const account of page.Accounts ?? []) {
      // `State` replaces the retiring `Status`; either one saying ACTIVE qualifies.
      const active =
        account.State === "ACTIVE" || (account.State === undefined && account.Status === "ACTIVE");
      if (account.Id && active)
        messages.push({
          runId: randomUUID(),
          trigger: "organization",
          accountId: account.Id,
          ...(days ? { days } : {}),
        });
    }
  }
  const result: FanOutResult = { queued: [], failed: [] };
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    const output = await runtime.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: chunk.map((m, n) => ({ Id: String(n), MessageBody: JSON.stringify(m) })),
      }),
    );
    const refused = new Map((output.Failed ?? []).map((f) => [f.Id, f.Message ?? f.Code ?? "refused"]));
    chunk.forEach((m, n) => {
      const error = refused.get(String(n));
      const accountId = m.accountId ?? "";
      if (error) result.failed.push({ accountId, error });
      else result.queued.push({ accountId, runId: m.runId });
    });
  }
  return result;
}
