import type { LintCode } from "../codes.js";
import type { LintCheck } from "../context.js";

/**
 * Size quotas in characters, whitespace excluded. IAM:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html — inline quotas are
 * per principal (the sum of its inline policies), so a single document over the quota can never
 * fit; a role trust policy defaults to 2,048 (raisable to 4,096). SCPs: 5,120 characters, all
 * characters counted (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html).
 */
export const SIZE_LIMITS = {
  managed: 6144,
  "user-inline": 2048,
  "group-inline": 5120,
  "role-inline": 10240,
  "role-trust": 2048,
  scp: 5120,
} as const;

type Kind = "identity" | "resource" | "trust" | "scp";

const CODES: Record<Kind, LintCode> = {
  identity: "policy-too-large",
  resource: "resource-policy-too-large",
  trust: "trust-policy-too-large",
  scp: "scp-too-large",
};

export const policySize: LintCheck = {
  name: "policy size",
  check(ctx) {
    const limit = ctx.options.maxSize ?? defaultLimit(ctx.kind);
    if (limit === undefined) return;
    // Organizations counts every character of an SCP, whitespace included.
    const size = ctx.kind === "scp" ? JSON.stringify(ctx.policy.raw).length : ctx.policy.size;
    if (size <= limit) return;
    const counted = ctx.kind === "scp" ? "characters" : "characters (whitespace excluded)";
    ctx.report({
      code: CODES[ctx.kind],
      path: "",
      message: `${size} ${counted} exceed the ${limit}-character quota`,
    });
  },
};

/** Resource policies have per-service quotas (20 KB for S3, ...): checked only when given one. */
function defaultLimit(kind: Kind): number | undefined {
  if (kind === "identity") return SIZE_LIMITS.managed;
  if (kind === "trust") return SIZE_LIMITS["role-trust"];
  if (kind === "scp") return SIZE_LIMITS.scp;
  return undefined;
}
