/**
 * The longest string a policy element can hold: no policy AWS stores is larger (KMS key policies,
 * 32,768 characters, are the largest; IAM's own quotas stop at 10,240, a role's inline policies,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). A longer Action,
 * Resource or condition value cannot have come from AWS, and matching it against the catalog's
 * ARN formats costs time and memory in proportion to its length.
 */
export const LONGEST_POLICY_STRING = 32_768;

/**
 * The largest document read: AWS managed policies have no documented quota, and the largest, 152,297
 * characters (AWSSupportServiceRolePolicy), is far over IAM's quotas for the customer's own; this
 * leaves them room to grow sevenfold. Past it, a document of thousands of statements took a minute.
 */
export const LONGEST_POLICY_DOCUMENT = 1_048_576;

/** The length of the longest key or string anywhere in a parsed JSON value, walked without recursion. */
export function longestString(value: unknown): number {
  let longest = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === "string") longest = Math.max(longest, item.length);
    else if (Array.isArray(item)) for (const entry of item) stack.push(entry);
    else if (typeof item === "object" && item !== null) {
      for (const [key, entry] of Object.entries(item)) {
        longest = Math.max(longest, key.length);
        stack.push(entry);
      }
    }
  }
  return longest;
}
