import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { activityQuery } from "../../core/aws/athena-activity-query.js";
import type { Runtime } from "../runtime.js";
import { type RunState, runWindow } from "./run-state.js";

/**
 * The Athena source's aggregation query for one run: the window runAudit will read (the run's
 * start, back the run's days) and the audited account, on the table's partitions. The state machine
 * runs it; this step only writes it, so no function waits on Athena.
 */
export async function athenaActivityQuery(rt: Runtime, run: RunState): Promise<{ text: string }> {
  const athena = rt.config.athena;
  if (!athena) throw new Error("the Athena source is not configured (ATHENA_TABLE)");
  const window = runWindow(run, rt.config.days);
  const accountId = run.accountId ?? (await ownAccount(rt));
  return {
    text: activityQuery(
      {
        table: athena.table,
        accountId,
        ...(athena.datePartition ? { datePartition: athena.datePartition } : {}),
        ...(athena.accountPartition ? { accountPartition: athena.accountPartition } : {}),
      },
      window,
    ),
  };
}

async function ownAccount(rt: Runtime): Promise<string> {
  const { Account } = await rt.clients.sts.send(new GetCallerIdentityCommand({}));
  if (!Account) throw new Error("sts:GetCallerIdentity returned no account");
  return Account;
}
