import { parseArn } from "../../policy/arn.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { CROSS_ACCOUNT_KEYS, hasConditionOn, trustAllows } from "./trust-policy.js";

/**
 * Another account trusted without sts:ExternalId (or an organization condition) exposes the role
 * to the confused-deputy problem
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html).
 */
export const trustCrossAccountNoExternalId: PrincipalDetector = {
  kind: "trust-cross-account-no-external-id",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    const trust = trustAllows(ctx, subject);
    if (!trust) return [];
    return trust.statements.flatMap((s) => {
      if (hasConditionOn(s, CROSS_ACCOUNT_KEYS)) return [];
      const foreign = (s.principal?.values.AWS ?? []).filter((value) => {
        const account = /^\d{12}$/.test(value) ? value : parseArn(value)?.account;
        return account !== undefined && account !== "" && account !== ctx.snapshot.accountId;
      });
      if (foreign.length === 0) return [];
      return [
        buildFinding("trust-cross-account-no-external-id", [subject.principal.arn, String(s.index)], {
          principalArn: subject.principal.arn,
          statementIndex: s.index,
          title: `${subject.principal.name} trusts another account without an external id`,
          detail: `Trust policy statement ${s.index} lets ${foreign.join(", ")} assume the role with no sts:ExternalId or organization condition.`,
          evidence: { statementIndex: s.index, trusted: foreign },
        }),
      ];
    });
  },
};
