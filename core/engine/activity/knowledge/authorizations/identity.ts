import { named, type ServiceAuthorizations } from "./types.js";

const STS =
  "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html";
const CALLER = "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html";
const SIGNIN =
  "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html";
const SSO = "https://docs.aws.amazon.com/singlesignon/latest/userguide/sso-info-in-cloudtrail.html";

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
  ],
  resources: (ctx) => ({ target: named(ctx.params.roleArn, () => undefined) }),
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
