import assert from "node:assert/strict";
import type { ActivityItem } from "../../core/engine/activity/types.js";
import type { Report } from "../../core/engine/report/schema.js";
import { eventItem, roleSession } from "./audit-fixture.js";

/** A write management call of `action` made in a session of the role `callerArn`, with these request parameters. */
export function roleWrite(
  callerArn: string,
  action: string,
  requestParameters: Record<string, unknown>,
  source = action.split(":")[0],
): ActivityItem {
  return eventItem({
    eventSource: `${source}.amazonaws.com`,
    eventName: action.split(":")[1]!,
    eventCategory: "Management",
    readOnly: false,
    userIdentity: roleSession(callerArn, "caller"),
    requestParameters,
  } as never);
}

/** The documents recommended for `arn`, whose recommendation must be proven both ways. */
export function provenDocuments(report: Report, arn: string): unknown[] {
  const rec = report.recommendations.find((r) => r.principalArn === arn);
  assert.deepEqual(rec?.checks, { withinCurrent: true, coversObserved: true }, "proven");
  return rec!.policies.map((p) => p.document);
}
