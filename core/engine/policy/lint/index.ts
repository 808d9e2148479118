export { SIZE_LIMITS } from "./checks/policy-size.js";
export { isLintCode, LINT_CODES, type LintCode } from "./codes.js";
export type { LintOptions } from "./context.js";
export { lintPolicy } from "./lint.js";
