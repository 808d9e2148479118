import { ACCOUNT_ID, GITHUB_OIDC, VENDOR_ACCOUNT_ID } from "./account.js";
import type { PolicyDocument } from "./types.js";

const doc = (statement: PolicyDocument["Statement"][number]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [statement],
});

export const trust = {
  service: (...services: string[]): PolicyDocument =>
    doc({
      Effect: "Allow",
      Principal: { Service: services.length === 1 ? services[0] : services },
      Action: "sts:AssumeRole",
    }),

  /** People of this account switch into the role, with MFA, as AWS's console wizard writes it. */
  accountWithMfa: (): PolicyDocument =>
    doc({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
      Action: "sts:AssumeRole",
      Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
    }),

  /** Same-account trust without conditions: any principal the account allows may assume it. */
  account: (): PolicyDocument =>
    doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` }, Action: "sts:AssumeRole" }),

  /** Planted: anyone, in any account, may assume the role. */
  anyone: (): PolicyDocument => doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }),

  /** Planted: a third-party account without sts:ExternalId (the confused-deputy problem). */
  vendorWithoutExternalId: (): PolicyDocument =>
    doc({
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${VENDOR_ACCOUNT_ID}:root` },
      Action: "sts:AssumeRole",
    }),

  /** GitHub Actions OIDC, restricted to one repository and branch as GitHub's guide advises. */
  githubRepo: (subject: string): PolicyDocument =>
    doc({
      Effect: "Allow",
      Principal: { Federated: GITHUB_OIDC },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        StringEquals: {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": subject,
        },
      },
    }),

  /** Planted: only the audience is checked, so a workflow of any GitHub repository can assume it. */
  githubAnyRepo: (): PolicyDocument =>
    doc({
      Effect: "Allow",
      Principal: { Federated: GITHUB_OIDC },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } },
    }),
};
