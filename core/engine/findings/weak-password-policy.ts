import type { AccountDetector } from "./context.js";
import { buildFinding } from "./finding.js";

/**
 * CIS 1.8 (minimum length) and 1.9 (reuse prevention); character classes optionally (Security Hub
 * IAM.7). No policy at all means AWS's default applies, which fails both. Not collected: no finding.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
 */
export const weakPasswordPolicy: AccountDetector = {
  kind: "weak-password-policy",
  scope: "account",
  needs: [],
  detect(ctx) {
    const policy = ctx.snapshot.passwordPolicy;
    const wanted = ctx.config.passwordPolicy;
    const subject = [`arn:aws:iam::${ctx.snapshot.accountId}:root`];
    if (!policy) return [];
    if (policy.status === "absent") {
      return [
        buildFinding("weak-password-policy", subject, {
          title: "The account has no password policy",
          detail: "Without a password policy, IAM applies its default: 8 characters and no reuse prevention.",
          evidence: { passwordPolicy: "absent" },
        }),
      ];
    }
    const problems: string[] = [];
    if ((policy.minimumLength ?? 8) < wanted.minimumLength) {
      problems.push(`minimum length ${policy.minimumLength ?? 8} < ${wanted.minimumLength}`);
    }
    if ((policy.reusePrevention ?? 0) < wanted.reusePrevention) {
      problems.push(`reuse prevention ${policy.reusePrevention ?? 0} < ${wanted.reusePrevention}`);
    }
    if (wanted.requireCharacterClasses) {
      const classes = ["requireSymbols", "requireNumbers", "requireUppercase", "requireLowercase"] as const;
      for (const c of classes) if (!policy[c]) problems.push(`${c} is off`);
    }
    if (problems.length === 0) return [];
    return [
      buildFinding("weak-password-policy", subject, {
        title: "The account password policy is weak",
        detail: `The password policy falls short: ${problems.join("; ")}.`,
        evidence: { passwordPolicy: policy, problems },
      }),
    ];
  },
};
