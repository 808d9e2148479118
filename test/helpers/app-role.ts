import assert from "node:assert/strict";
import { ActivityAggregator } from "../../core/engine/activity/aggregate.js";
import type { CloudTrailEvent } from "../../core/engine/activity/types.js";
import type { ActionSet } from "../../core/engine/catalog/action-set.js";
import { observedFromUsage } from "../../core/engine/generate/observed.js";
import { proposedPermissions } from "../../core/engine/generate/proof.js";
import { recommend } from "../../core/engine/generate/recommend.js";
import type { ObservedAction } from "../../core/engine/generate/types.js";
import type { PrincipalPermissions } from "../../core/engine/policy/principal-permissions.js";
import { catalog } from "./catalog.js";

/** The `app` role of account 123456789012, whose calls the generation tests observe. */
export const ACCOUNT = "123456789012";
export const APP = `arn:aws:iam::${ACCOUNT}:role/app`;

/** A trail record of a call the `app` role made in eu-west-1; `extra` adds or overrides fields. */
export function appRecord(
  source: string,
  name: string,
  requestParameters: object,
  extra: Partial<CloudTrailEvent> = {},
): CloudTrailEvent {
  return {
    eventSource: `${source}.amazonaws.com`,
    eventName: name,
    eventTime: "2026-11-01T10:00:00Z",
    awsRegion: "eu-west-1",
    recipientAccountId: ACCOUNT,
    userIdentity: {
      type: "AssumedRole",
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s`,
      accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: "Role", arn: APP, accountId: ACCOUNT } },
    },
    requestParameters,
    ...extra,
  } as CloudTrailEvent;
}

/** What the `app` role was seen doing in `records`, as the generator takes it. */
export function appObserved(...records: CloudTrailEvent[]): ObservedAction[] {
  const aggregator = new ActivityAggregator(catalog);
  for (const record of records) aggregator.addEvent(record);
  return observedFromUsage(aggregator.result().principals[0]!.actions);
}

/**
 * The `app` role's recommendation, every action observable unless `observable` says which;
 * fails the test when none is made.
 */
export function appRecommendation(
  current: PrincipalPermissions,
  observed: ObservedAction[],
  observable: ActionSet = catalog.fullSet(),
) {
  const result = recommend({
    catalog,
    principalArn: APP,
    principalName: "app",
    principalType: "role",
    current,
    observed,
    observable,
  });
  assert.ok("recommendation" in result, JSON.stringify(result));
  return result.recommendation;
}

/** The recommendation after `records`, and what its policies would allow, to ask the proof's questions. */
export function appProposal(
  current: PrincipalPermissions,
  records: CloudTrailEvent[],
  observable?: ActionSet,
) {
  const recommendation = appRecommendation(current, appObserved(...records), observable);
  const proposed = proposedPermissions(
    current,
    recommendation.policies.map((p) => p.document),
  );
  return { recommendation, proposed };
}
