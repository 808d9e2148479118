import { ACCOUNT_ID, GITHUB_OIDC } from "../model/account.js";
import type { Plan } from "../model/plan.js";

export interface Principal {
  kind: "user" | "role";
  name: string;
  arn: string;
  /** AIDA… or AROA… */
  id: string;
}

/**
 * The userIdentity block CloudTrail writes for each way of signing a call
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
 */
export function userIdentity(
  plan: Plan,
  who: Principal,
  keyId: string,
  session: { name: string; created: string; mfa: boolean },
  invokedBy: string | undefined,
): Record<string, unknown> {
  if (who.kind === "user") {
    const base = {
      type: "IAMUser",
      principalId: who.id,
      arn: who.arn,
      accountId: ACCOUNT_ID,
      accessKeyId: keyId,
      userName: who.name,
    };
    if (plan.auth === "key") return base;
    return {
      ...base,
      sessionContext: {
        sessionIssuer: {},
        webIdFederationData: {},
        attributes: { creationDate: session.created, mfaAuthenticated: String(session.mfa) },
      },
    };
  }
  const federated = plan.agent.includes("github-actions");
  return {
    type: "AssumedRole",
    principalId: `${who.id}:${session.name}`,
    arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${who.name}/${session.name}`,
    accountId: ACCOUNT_ID,
    accessKeyId: keyId,
    sessionContext: {
      sessionIssuer: {
        type: "Role",
        principalId: who.id,
        arn: who.arn,
        accountId: ACCOUNT_ID,
        userName: who.name,
      },
      webIdFederationData: federated ? { federatedProvider: GITHUB_OIDC, attributes: {} } : {},
      attributes: { creationDate: session.created, mfaAuthenticated: String(session.mfa) },
    },
    ...(invokedBy ? { invokedBy } : {}),
  };
}
