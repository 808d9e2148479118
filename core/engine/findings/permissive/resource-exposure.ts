import type { ActionSet } from "../../catalog/action-set.js";
import type { Catalog } from "../../catalog/catalog.js";
import { actionClassDetector, classSet, idsOf } from "./action-class-detector.js";
import { POLICY_WRITES, RESOURCE_EXPOSURE, SHARING_WRITES } from "./risky-actions.js";

/** Permissions management actions that only read a policy or its permissions. */
const READS = /^(?:Get|Describe|List|Validate)/;

/**
 * Writes of a resource's resource-based policy, whatever access level the catalog gives them: many
 * services class PutResourcePolicy as Write (kinesis, cloudtrail, redshift-serverless, ...), and it
 * names who may reach the resource, another account or anyone included.
 * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutResourcePolicy.html
 */
const RESOURCE_POLICY_WRITE = /^(?:Put|Create|Update)ResourcePolicy$/;

/**
 * Actions that change resource policies and sharing, opening resources to others: the audit list,
 * every action AWS classes as Permissions management (permissions on a resource, such as
 * sqs:SetQueueAttributes' Policy attribute or dynamodb:PutResourcePolicy, which the list predates)
 * but those that only read, the Write actions that share a resource with every account, and those
 * that write a resource policy.
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
    ...idsOf(catalog, POLICY_WRITES),
    ...catalog.actions
      .filter(
        (a) =>
          (a.accessLevel === "Permissions management" && !READS.test(a.name)) ||
          RESOURCE_POLICY_WRITE.test(a.name),
      )
      .map((a) => a.id),
  ]);
}
