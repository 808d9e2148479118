import { type GenerateResult, recommendUnlisted, type UnlistedResult } from "./recommend.js";
import { listRemoved } from "./removed-names.js";
import type { GenerateInput, GenerateOptions } from "./types.js";

/**
 * `recommend` for an audit, where one principal must never stop the others: a policy that cannot
 * be generated within IAM's limits (a statement whose condition block alone is longer than a
 * document may be, which a role's inline policies can hold) is a failure with the reason, like
 * a policy that cannot be proven, instead of an exception that ends the whole audit.
 */
export function recommendOrFailure(
  input: GenerateInput,
  options: Partial<GenerateOptions> = {},
): GenerateResult {
  return listRemoved(input.catalog, unlistedOrFailure(input, options));
}

/** `recommendOrFailure` with the removed actions left as a set (`recommendUnlisted`). */
export function unlistedOrFailure(
  input: GenerateInput,
  options: Partial<GenerateOptions> = {},
): UnlistedResult {
  try {
    return recommendUnlisted(input, options);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return {
      failure: {
        principalArn: input.principalArn,
        reason: `no policy within IAM's size limit could be generated (${error.message})`,
        violations: [],
        checks: { withinCurrent: false, coversObserved: false },
      },
    };
  }
}
