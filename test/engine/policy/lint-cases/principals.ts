import { bucket, type Cases, doc, trust } from "./case.js";

const account = { AWS: "arn:aws:iam::111122223333:root" };
const github = { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com" };
const sub = (value: string) => ({
  Condition: {
    StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
    StringLike: { "token.actions.githubusercontent.com:sub": value },
  },
});
const resource = (bad: unknown, clean?: unknown) => ({
  kind: "resource" as const,
  bad,
  ...(clean ? { clean } : {}),
});
const role = (bad: unknown, clean?: unknown) => ({
  kind: "trust" as const,
  bad,
  ...(clean ? { clean } : {}),
});

/** Principals, resource policies and role trust policies. */
export const PRINCIPALS: Cases = {
  "not-principal-allow": resource(
    doc({ Effect: "Allow", NotPrincipal: account, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }),
    doc({ Effect: "Deny", NotPrincipal: account, Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }),
  ),
  "empty-principal": resource(bucket({ AWS: [] }), bucket(account)),
  "invalid-principal-key": resource(bucket({ Aws: "111122223333" }), bucket({ AWS: "111122223333" })),
  "invalid-service-principal": resource(
    bucket(
      { Service: "cloudtrail" },
      { Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } } },
    ),
    bucket(
      { Service: "cloudtrail.amazonaws.com" },
      { Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } } },
    ),
  ),
  "principal-wildcard": resource(
    bucket({ AWS: "arn:aws:iam::111122223333:role/app-*" }),
    bucket({ AWS: "*" }),
  ),
  "principal-star-in-trust": role(trust("*"), trust(account)),
  "principal-role-id": resource(bucket({ AWS: "AROA1234567890EXAMPLE" }), bucket(account)),
  "principal-user-id": resource(bucket({ AWS: "AIDA1234567890EXAMPLE" }), bucket(account)),
  "federated-principal-not-supported": resource(
    bucket({ Federated: "accounts.google.com" }),
    bucket(account),
  ),
  "invalid-federated-principal": role(
    trust({ Federated: "google" }, "sts:AssumeRoleWithWebIdentity", {
      Condition: { StringEquals: { "google:aud": "x" } },
    }),
    trust({ Federated: "accounts.google.com" }, "sts:AssumeRoleWithWebIdentity", {
      Condition: { StringEquals: { "accounts.google.com:aud": "x" } },
    }),
  ),
  "mismatched-action-for-principal": role(
    trust({ Federated: "arn:aws:iam::111122223333:saml-provider/corp" }, "sts:AssumeRoleWithWebIdentity"),
    trust({ Federated: "arn:aws:iam::111122223333:saml-provider/corp" }, "sts:AssumeRoleWithSAML"),
  ),
  "roles-anywhere-actions": role(
    trust({ Service: "rolesanywhere.amazonaws.com" }, ["sts:AssumeRole", "sts:TagSession"]),
    trust({ Service: "rolesanywhere.amazonaws.com" }, [
      "sts:AssumeRole",
      "sts:TagSession",
      "sts:SetSourceIdentity",
    ]),
  ),
  "missing-action-for-condition-key": role(
    trust(account, "sts:AssumeRole", { Condition: { StringEquals: { "aws:RequestTag/team": "x" } } }),
    trust(account, ["sts:AssumeRole", "sts:TagSession"], {
      Condition: { StringEquals: { "aws:RequestTag/team": "x" } },
    }),
  ),
  "redundant-principal": role(
    trust({ AWS: ["arn:aws:iam::111122223333:role/ci", "arn:aws:sts::111122223333:assumed-role/ci/build"] }),
    trust({
      AWS: ["arn:aws:iam::111122223333:role/ci", "arn:aws:sts::111122223333:assumed-role/deploy/build"],
    }),
  ),
  "service-principal-no-source": resource(
    bucket({ Service: "cloudtrail.amazonaws.com" }),
    bucket(
      { Service: "cloudtrail.amazonaws.com" },
      { Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } } },
    ),
  ),
  "oidc-condition-missing": role(
    trust(
      { Federated: "arn:aws:iam::111122223333:oidc-provider/gitlab.com" },
      "sts:AssumeRoleWithWebIdentity",
    ),
    trust(
      { Federated: "arn:aws:iam::111122223333:oidc-provider/gitlab.com" },
      "sts:AssumeRoleWithWebIdentity",
      {
        Condition: { StringEquals: { "gitlab.com:sub": "project_path:group/app:ref_type:branch:ref:main" } },
      },
    ),
  ),
  "github-sub-missing": role(
    trust(github, "sts:AssumeRoleWithWebIdentity", {
      Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } },
    }),
    trust(github, "sts:AssumeRoleWithWebIdentity", sub("repo:org/app:ref:refs/heads/main")),
  ),
  "github-sub-wildcard": role(
    trust(github, "sts:AssumeRoleWithWebIdentity", sub("repo:org/*")),
    trust(github, "sts:AssumeRoleWithWebIdentity", sub("repo:org/app:ref:refs/heads/main")),
  ),
};
