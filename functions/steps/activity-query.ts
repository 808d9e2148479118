import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { activityQuery } from "../../core/aws/athena-activity-query.js";
import { readTrailLogging } from "../../core/aws/cloudtrail-event-selectors.js";
import { foreignTrailOwners } from "../../core/engine/activity/trail-owner.js";
import { connect } from "../member-account.js";
import { logger } from "../middleware.js";
import type { Runtime } from "../runtime.js";
import { type RunState, runWindow } from "./run-state.js";

/**
 * The Athena source's aggregation query for one run: the window runAudit will read (the run's
 * start, back the run's days) and the audited account (with, for a run of one account, the home
 * region of each trail owner of another account), on the table's partitions. The state machine
 * runs it; this step only writes it, so no function waits on Athena.
 */
export async function athenaActivityQuery(rt: Runtime, run: RunState): Promise<{ text: string }> {
  const athena = rt.config.athena;
  if (!athena) throw new Error("the Athena source is not configured (ATHENA_TABLE)");
  const window = runWindow(run, rt.config.days);
  const accountId = run.accountId ?? (await ownAccount(rt));
  const trailOwners = run.accountId ? await owners(rt, run, run.accountId) : [];
  return {
    text: activityQuery(
      {
        table: athena.table,
        accountId,
        ...(trailOwners.length > 0 ? { trailOwners } : {}),
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

/**
 * The owners of the audited account's trails of another account that log data events (an
 * organization trail's, seen from a member), whose home region's records hold the trail's stops and
 * selector changes. Selectors that cannot be read add none: the audit then says which trail's
 * changes it could not see (trail-changes-not-shown) and counts on none of its data events.
 */
async function owners(rt: Runtime, run: RunState, accountId: string) {
  try {
    return foreignTrailOwners(await readTrailLogging((await connect(rt, run)).cloudtrail), accountId);
  } catch (error) {
    logger.warn("no trail owner's records queried", { error: (error as Error).message });
    return [];
  }
}
