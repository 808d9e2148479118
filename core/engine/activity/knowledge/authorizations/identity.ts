import { named, type ServiceAuthorizations, to } from "./types.js";

const STS =
  "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html";
const CALLER = "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html";
const SIGNIN =
  "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html";
const SSO = "https://docs.aws.amazon.com/singlesignon/latest/userguide/sso-info-in-cloudtrail.html";
const SESSION_TAGS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html";
const SOURCE_IDENTITY =
  "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html";

export const STS_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "sts",
  events: [
    { event: "GetCallerIdentity", class: "no-permission", why: "no permission is required", source: CALLER },
    {
      event: "GetSessionToken",
      class: "no-permission",
      why: "a user needs no permission to get a session token for itself",
      source: STS,
    },
    {
      // Neither permission has an event of its own: a caller seen assuming a role with tags or a
      // source identity was never seen "using" them, and would lose them with the assume.
      event: "AssumeRole",
      rules: [
        {
          parameter: "tags",
          add: to("sts:TagSession"),
          why: "session tags passed to AssumeRole need sts:TagSession in the caller's policy",
          source: SESSION_TAGS,
        },
        {
          parameter: "transitiveTagKeys",
          add: to("sts:TagSession"),
          why: "transitive session tag keys are session tags",
          source: SESSION_TAGS,
        },
        {
          parameter: "sourceIdentity",
          add: to("sts:SetSourceIdentity"),
          why: "a source identity set on AssumeRole needs sts:SetSourceIdentity in the caller's policy",
          source: SOURCE_IDENTITY,
        },
      ],
      why: "assuming a role, with or without session tags and a source identity",
      source: SESSION_TAGS,
    },
    {
      // No trust policy is asked: the calling user's own policies must allow sts:TagSession.
      event: "GetFederationToken",
      rules: [
        {
          parameter: "tags",
          add: to("sts:TagSession"),
          why: "session tags passed to GetFederationToken need sts:TagSession in the caller's policy",
          source: SESSION_TAGS,
        },
      ],
      why: "federating a user, with or without session tags",
      source: SESSION_TAGS,
    },
  ],
  resources: (ctx) => ({
    target: named(ctx.params.roleArn, () => undefined).flatMap(
      (arn) => ctx.directory?.roleArnSpellings(arn) ?? [arn],
    ),
  }),
};

const console = (event: string, why: string) => ({ event, class: "non-api" as const, why, source: SIGNIN });

export const SIGNIN_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "signin",
  events: [
    console("ConsoleLogin", "console sign-in"),
    console("ExternalIdPDirectoryLogin", "console sign-in"),
    console("GetSigninToken", "federated console sign-in"),
    console("PasswordUpdated", "console password change"),
    console("CheckMfa", "console sign-in step"),
    console("SwitchRole", "console role switch"),
    console("AssumeRole", "console role switch"),
    console("UserAuthentication", "console sign-in step"),
    console("CredentialChallenge", "console sign-in step"),
    console("CredentialVerification", "console sign-in step"),
  ],
};

export const SSO_AUTHORIZATIONS: ServiceAuthorizations = {
  service: "sso",
  events: [
    { event: "Authenticate", class: "non-api", why: "IAM Identity Center portal sign-in", source: SSO },
    { event: "CreateToken", class: "non-api", why: "IAM Identity Center OIDC token exchange", source: SSO },
  ],
};
