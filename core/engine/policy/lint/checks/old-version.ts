import type { LintCheck } from "../context.js";

/**
 * Under Version 2008-10-17 IAM treats `${aws:username}` and other policy variables as literal text
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html).
 */
export const oldVersion: LintCheck = {
  name: "old policy language version",
  check(ctx) {
    if (ctx.policy.version !== "2008-10-17") return;
    ctx.report({
      code: "old-version",
      path: "Version",
      message: 'Version "2008-10-17" treats policy variables as literal text; use "2012-10-17"',
    });
  },
};
