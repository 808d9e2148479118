import type { LintCheck } from "../context.js";

/**
 * IAM size quotas in characters, whitespace excluded:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * Inline quotas are per principal (the sum of its inline policies); a single document over the
 * quota can never fit. A role trust policy defaults to 2,048 (raisable to 4,096).
 */
export const SIZE_LIMITS = {
  managed: 6144,
  "user-inline": 2048,
  "group-inline": 5120,
  "role-inline": 10240,
  "role-trust": 2048,
} as const;

export const policySize: LintCheck = {
  name: "policy size",
  check(ctx) {
    const limit = ctx.options.maxSize ?? defaultLimit(ctx.kind);
    if (limit === undefined || ctx.policy.size <= limit) return;
    ctx.report({
      code: "policy-too-large",
      path: "",
      message: `${ctx.policy.size} characters (whitespace excluded) exceed the ${limit}-character quota`,
    });
  },
};

/** Resource policies have per-service quotas (20 KB for S3, ...): checked only when given one. */
function defaultLimit(kind: "identity" | "resource" | "trust"): number | undefined {
  if (kind === "identity") return SIZE_LIMITS.managed;
  if (kind === "trust") return SIZE_LIMITS["role-trust"];
  return undefined;
}
