import { trustSource } from "../../snapshot/policies-of.js";
import type { PrincipalDetector } from "../context.js";
import { buildFinding } from "../finding.js";
import { roleTrust } from "./trust/verdict.js";

/**
 * Another account that may assume the role without sts:ExternalId (or an organization condition)
 * exposes it to the confused-deputy problem: evaluated for a principal of the named account that
 * presents no external id, or one the policy does not name, and belongs to another organization
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html).
 */
export const trustCrossAccountNoExternalId: PrincipalDetector = {
  kind: "trust-cross-account-no-external-id",
  scope: "principal",
  needs: [],
  detect(ctx, subject) {
    if (subject.type !== "role") return [];
    const trust = roleTrust(ctx.account, subject.principal.arn);
    // A role anyone may assume is trust-any-principal's finding; naming the accounts adds nothing.
    if (!trust || trust.accounts.length === 0 || trust.outsider?.certainty === "yes") return [];
    const accounts = trust.accounts.map((a) => a.account);
    return [
      buildFinding("trust-cross-account-no-external-id", [subject.principal.arn], {
        principalArn: subject.principal.arn,
        policySource: trustSource(subject.principal.arn),
        statementIndex: trust.accounts[0]!.statements[0]!,
        title: `${subject.principal.name} trusts another account without an external id`,
        detail: `Trust policy statement ${[...new Set(trust.accounts.flatMap((a) => a.statements))].join(", ")} lets ${accounts.join(", ")} assume the role with no sts:ExternalId condition that pins a value, and no organization condition.`,
        evidence: { trusted: accounts, callers: trust.accounts },
      }),
    ];
  },
};
