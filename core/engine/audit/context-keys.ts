import type { ContextKept } from "../activity/action-state.js";
import type { Snapshot } from "../snapshot/model.js";

/**
 * Whether any policy of the account reads the caller's IP or VPC endpoint in a condition: only then
 * does the aggregate keep those per authorization, for coversObserved to replay. (Source IPs are
 * nearly unique per call; keeping them unasked would fill every bound.)
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 */
export function contextReadByPolicies(snapshot: Snapshot): ContextKept {
  const text = JSON.stringify(snapshot).toLowerCase();
  return {
    sourceIp: text.includes("aws:sourceip") || text.includes("aws:vpcsourceip"),
    vpcEndpoint: text.includes("aws:sourcevpce") || text.includes("aws:sourcevpc"),
  };
}
