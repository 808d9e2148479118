import { partitionOfRegion } from "../policy/arn.js";
import type { RoleDirectory } from "./role-directory.js";
import type { CloudTrailUserIdentity } from "./types.js";

/**
 * Who made a call, as the IAM entity whose policies authorized it. The first four kinds are
 * identities of the audited account; the others are recorded, but apart, because no policy of
 * the account's principals was used.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */
export const ACCOUNT_PRINCIPAL_KINDS = ["user", "role", "root", "federated-user"] as const;
export const EXTERNAL_PRINCIPAL_KINDS = [
  "aws-service",
  "aws-account",
  "web-identity",
  "saml",
  "unknown",
] as const;
export type PrincipalKind =
  | (typeof ACCOUNT_PRINCIPAL_KINDS)[number]
  | (typeof EXTERNAL_PRINCIPAL_KINDS)[number];

export interface Principal {
  kind: PrincipalKind;
  /**
   * The key activity is aggregated under: the IAM ARN for account identities (the role, not the
   * session), `service:<invokedBy>`, `account:<id>` or `<type>:<principalId>` otherwise.
   */
  id: string;
  accountId?: string;
  /** An IAM Identity Center permission set's role (`AWSReservedSSO_...`). */
  identityCenter?: boolean;
}

export interface Attribution {
  principal: Principal;
  /**
   * The long-term access key (`AKIA...`) a user or the root user signed with. Session keys
   * (`ASIA...`: GetSessionToken and federated sessions, roles) are not the user's key, and change
   * every session, so tracking them would grow with events, not principals.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids
   */
  accessKeyId?: string;
}

const ASSUMED_ROLE_ARN = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)/;
const SSO_ROLE = /(^|\/)AWSReservedSSO_/;

/**
 * `roles`, the snapshot's roles, names the role of a session whose record lacks the session issuer:
 * the session ARN has no path, and activity filed under `role/app` apart from the same role's
 * records with an issuer (`role/service-role/app`) would be lost to it. `region`, the record's
 * awsRegion, gives the partition of a user or root ARN the record leaves out: credentials are valid
 * only in their own partition, so the call was made in it (us-gov-west-1: arn:aws-us-gov).
 */
export function attribute(
  identity: CloudTrailUserIdentity | null | undefined,
  roles?: Pick<RoleDirectory, "roleNamed"> & Partial<Pick<RoleDirectory, "userWithId">>,
  region?: string,
): Attribution {
  const principal = principalOf(identity ?? {}, roles, region);
  const key = identity?.accessKeyId;
  const signer = identity?.type === "IAMUser" || identity?.type === "Root";
  return signer && typeof key === "string" && key.startsWith("AKIA")
    ? { principal, accessKeyId: key }
    : { principal };
}

function principalOf(
  identity: CloudTrailUserIdentity,
  roles: (Pick<RoleDirectory, "roleNamed"> & Partial<Pick<RoleDirectory, "userWithId">>) | undefined,
  region: string | undefined,
): Principal {
  const accountId = text(identity.accountId);
  const arn = text(identity.arn);
  switch (identity.type) {
    case "IAMUser": {
      const name = text(identity.userName);
      const id =
        renamedUser(text(identity.principalId), accountId, roles) ??
        arn ??
        (accountId && name ? `arn:${partitionOfRegion(region)}:iam::${accountId}:user/${name}` : undefined);
      return id ? principal("user", id, accountId) : unknown(identity);
    }
    case "AssumedRole": {
      const roleArn = text(identity.sessionContext?.sessionIssuer?.arn) ?? roleFromSession(arn, roles);
      if (!roleArn) return unknown(identity);
      return principal("role", roleArn, accountId, SSO_ROLE.test(roleArn));
    }
    case "Root": {
      const id = arn?.endsWith(":root")
        ? arn
        : accountId
          ? `arn:${partitionOfRegion(region)}:iam::${accountId}:root`
          : undefined;
      return id ? principal("root", id, accountId) : unknown(identity);
    }
    case "FederatedUser": {
      // A GetFederationToken session acts with the intersection of the token's policy and the
      // issuing user's (or root's) rights, so its calls are that identity's use of them.
      // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
      const issuer = text(identity.sessionContext?.sessionIssuer?.arn);
      if (issuer && /^arn:[^:]+:iam::\d{12}:user\//.test(issuer)) {
        const renamed = renamedUser(
          text(identity.sessionContext?.sessionIssuer?.principalId),
          accountId,
          roles,
        );
        return principal("user", renamed ?? issuer, accountId);
      }
      if (issuer?.endsWith(":root")) return principal("root", issuer, accountId);
      return arn ? principal("federated-user", arn, accountId) : unknown(identity);
    }
    case "AWSService":
      return { kind: "aws-service", id: `service:${text(identity.invokedBy) ?? "unknown"}` };
    case "AWSAccount":
      return accountId ? principal("aws-account", `account:${accountId}`, accountId) : unknown(identity);
    case "WebIdentityUser":
      return { kind: "web-identity", id: `web-identity:${text(identity.principalId) ?? "unknown"}` };
    case "SAMLUser":
      return { kind: "saml", id: `saml:${text(identity.principalId) ?? "unknown"}` };
    default:
      return unknown(identity);
  }
}

/**
 * The snapshot's ARN of the user a record's unique id names, when it is of the record's account.
 * UpdateUser changes a user's name or path and keeps its unique id: the calls it made under the
 * old ARN are the same user's, and filed apart they left the actions it used before the change
 * looking unused in the window. https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateUser.html
 */
function renamedUser(
  uniqueId: string | undefined,
  accountId: string | undefined,
  directory: Partial<Pick<RoleDirectory, "userWithId">> | undefined,
): string | undefined {
  const arn = uniqueId ? directory?.userWithId?.(uniqueId) : undefined;
  return arn && (accountId === undefined || arn.split(":")[4] === accountId) ? arn : undefined;
}

/** Built field by field rather than spread: this runs once per event. */
function principal(
  kind: PrincipalKind,
  id: string,
  accountId: string | undefined,
  identityCenter?: boolean,
): Principal {
  const p: Principal = { kind, id };
  if (accountId) p.accountId = accountId;
  if (identityCenter) p.identityCenter = true;
  return p;
}

/**
 * Without a session issuer (older records, some data events) the role ARN is rebuilt from the
 * session ARN, which does not carry the role's path: the snapshot's role of that name in that
 * account (names are unique in an account, whatever the path) gives it back.
 */
function roleFromSession(
  arn: string | undefined,
  roles?: Pick<RoleDirectory, "roleNamed">,
): string | undefined {
  const match = arn ? ASSUMED_ROLE_ARN.exec(arn) : null;
  if (!match) return undefined;
  const [, partition, account, name] = match;
  const known = roles?.roleNamed(name!);
  const prefix = `arn:${partition}:iam::${account}:role/`;
  return known?.startsWith(prefix) ? known : `${prefix}${name}`;
}

function unknown(identity: CloudTrailUserIdentity): Principal {
  const type = typeof identity.type === "string" && identity.type !== "" ? identity.type : "none";
  return { kind: "unknown", id: `unknown:${type}` };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function isAccountPrincipal(principal: Principal): boolean {
  return (ACCOUNT_PRINCIPAL_KINDS as readonly string[]).includes(principal.kind);
}
