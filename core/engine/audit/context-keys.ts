import type { ContextKept } from "../activity/action-state.js";
import type { Snapshot } from "../snapshot/model.js";

/**
 * Whether any policy of the account reads the caller's IP or VPC endpoint in a condition: only then
 * does the aggregate keep those per authorization, for coversObserved to replay. (Source IPs are
 * nearly unique per call; keeping them unasked would fill every bound.)
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * Every key and string of the snapshot is looked at (as a search of its JSON text would), walking
 * the values instead of building that text: a large account's would be hundreds of MB.
 */
export function contextReadByPolicies(snapshot: Snapshot): ContextKept {
  const kept: ContextKept = { sourceIp: false, vpcEndpoint: false };
  const look = (text: string) => {
    const lower = text.toLowerCase();
    if (lower.includes("aws:sourceip") || lower.includes("aws:vpcsourceip")) kept.sourceIp = true;
    if (lower.includes("aws:sourcevpc")) kept.vpcEndpoint = true;
  };
  const stack: unknown[] = [snapshot];
  while (stack.length > 0 && !(kept.sourceIp && kept.vpcEndpoint)) {
    const value = stack.pop();
    if (typeof value === "string") look(value);
    else if (Array.isArray(value)) for (const item of value) stack.push(item);
    else if (value !== null && typeof value === "object") {
      for (const [key, item] of Object.entries(value)) {
        look(key);
        stack.push(item);
      }
    }
  }
  return kept;
}
