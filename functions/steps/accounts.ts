import { randomUUID } from "node:crypto";
import { paginateListAccounts } from "@aws-sdk/client-organizations";
import type { Runtime } from "../runtime.js";

/** The organization map's items: one new run per active account, each started as its own execution. */
export async function organizationRuns(rt: Runtime): Promise<{ runId: string; accountId: string }[]> {
  const runs: { runId: string; accountId: string }[] = [];
  for await (const page of paginateListAccounts({ client: rt.clients.organizations as never }, {})) {
    for (const account of page.Accounts ?? []) {
      // `State` replaces the retiring `Status`; either one saying ACTIVE qualifies.
      const active =
        account.State === "ACTIVE" || (account.State === undefined && account.Status === "ACTIVE");
      if (account.Id && active) runs.push({ runId: randomUUID(), accountId: account.Id });
    }
  }
  return runs;
}
