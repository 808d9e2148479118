import type { LintCheck } from "../context.js";

/**
 * Global keys AWS replaced: the condition never sees them. Source: IAM Access Analyzer's policy
 * check reference ("Deprecated global condition key", "Unsupported global condition key").
 */
const DEPRECATED_GLOBAL_KEYS: Record<string, string> = {
  "aws:arn": "aws:PrincipalArn (or aws:SourceArn for the calling resource)",
};

/**
 * Tag keys are written `prefix/tag-name`; the bare prefix names no tag
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_tags.html).
 */
export const TAG_KEY_PREFIX =
  /^[a-z0-9-]+:(requesttag|resourcetag|principaltag|existingobjecttag|requestobjecttag)\/?$/i;

export const KEY_FORMAT = /^[A-Za-z0-9.-]+:[^:\s]/;

/**
 * Condition key names: of the form `service:key`, with a tag name where one is needed, and for
 * `aws:` keys one of the global keys AWS documents
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html). Keys
 * of other services are judged by the condition-keys check against the catalog.
 */
export const conditionKeyNames: LintCheck = {
  name: "condition key names",
  check(ctx) {
    for (const statement of ctx.statements) {
      for (const clause of statement.conditions) {
        const key = clause.key;
        const lower = key.toLowerCase();
        const report = (code: Parameters<typeof ctx.report>[0]["code"], message: string) =>
          ctx.report({
            code,
            statementIndex: statement.index,
            path: ctx.conditionPath(statement, clause),
            message,
          });
        if (!KEY_FORMAT.test(key)) {
          report("invalid-condition-key-format", `"${key}" is not of the form service:key`);
        } else if (TAG_KEY_PREFIX.test(key)) {
          report("missing-tag-key", `"${key}" names no tag: write ${key.replace(/\/$/, "")}/tag-name`);
        } else if (DEPRECATED_GLOBAL_KEYS[lower]) {
          report("deprecated-global-key", `"${key}" is deprecated: use ${DEPRECATED_GLOBAL_KEYS[lower]}`);
        } else if (lower.startsWith("aws:") && !ctx.catalog.conditionKey(key)) {
          report("unknown-global-condition-key", `"${key}" is not a global condition key`);
        }
      }
    }
  },
};
