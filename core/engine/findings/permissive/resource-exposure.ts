import type { ActionSet } from "../../catalog/action-set.js";
import type { Catalog } from "../../catalog/catalog.js";
import { actionClassDetector, classSet, idsOf } from "./action-class-detector.js";
import { RESOURCE_EXPOSURE, SHARING_WRITES } from "./risky-actions.js";

/** Permissions management actions that only read a policy or its permissions. */
const READS = /^(?:Get|Describe|List|Validate)/;

/**
 * Actions that change resource policies and sharing, opening resources to others: the audit list,
 * every action AWS classes as Permissions management (permissions on a resource, such as
 * sqs:SetQueueAttributes' Policy attribute or dynamodb:PutResourcePolicy, which the list predates)
 * but those that only read, and the Write actions that share a resource with every account.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html
 */
export const resourceExposure = actionClassDetector(
  "resource-exposure",
  "change who can reach resources",
  (ctx) => resourceExposureActions(ctx.catalog),
);

/** The class's actions, once per catalog: the finding's, and a recommendation summary's. */
export function resourceExposureActions(catalog: Catalog): ActionSet {
  return classSet(catalog, "resource-exposure", () => [
    ...idsOf(catalog, RESOURCE_EXPOSURE),
    ...idsOf(catalog, SHARING_WRITES),
    ...catalog.actions
      .filter((a) => a.accessLevel === "Permissions management" && !READS.test(a.name))
      .map((a) => a.id),
  ]);
}
