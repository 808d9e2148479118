import { parseArn } from "../../../policy/arn.js";
import { globMatch } from "../../../policy/glob.js";
import type { ConditionClause, Policy, Statement } from "../../../policy/types.js";
import { type Caller, type Choice, OUTSIDER } from "./caller.js";
import { oidcProvider } from "./oidc-providers.js";
import { strangerFor } from "./stranger.js";

/** Network origin: an outsider's calls come from wherever it likes, but not from a given VPC or range. */
export const NETWORK = [
  "aws:sourceip",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:vpcsourceip",
  "aws:sourcevpcarn",
];

/**
 * What any caller of AssumeRole sets for itself: session name, tags, source identity, external id
 * (which AWS does not treat as a secret: it guards against confused deputies, not strangers —
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html), MFA on its own
 * credentials, the region it calls.
 */
export const SESSION: Record<string, Choice> = {
  "sts:rolesessionname": { allowed: "*", fallback: OUTSIDER },
  "sts:sourceidentity": { allowed: "*", fallback: OUTSIDER, omit: true },
  "aws:sourceidentity": { allowed: "*", fallback: OUTSIDER, omit: true },
  "sts:externalid": { allowed: "*", fallback: OUTSIDER, omit: true },
  "sts:transitivetagkeys": { allowed: "*", fallback: OUTSIDER, omit: true },
  "aws:requesttag/*": { allowed: "*", fallback: OUTSIDER, omit: true },
  "aws:tagkeys": { allowed: "*", fallback: OUTSIDER, omit: true },
  "aws:multifactorauthpresent": { allowed: "*", fallback: "true", omit: true },
  "aws:multifactorauthage": { allowed: "*", fallback: "1", omit: true },
  "aws:requestedregion": { allowed: "*", fallback: "us-east-1" },
};

export function basics(now: string): Record<string, string[]> {
  return {
    "aws:currenttime": [now],
    "aws:epochtime": [String(Math.floor(Date.parse(now) / 1000))],
    "aws:securetransport": ["true"],
  };
}

/**
 * Any principal of an account outside this one and outside its organization (a stranger, or the
 * `named` account): it names its own users and roles, tags them, and may belong to an organization
 * of its own or to none. A stranger's account, organization and unique ids are none that the
 * Condition clauses in `naming` (those the caller is judged by) single out, nor the account
 * `besides` (unless `organization` places it in one); it calls as a role session or as a user. With `externalId: false` it sends no
 * external id, or one the policy does not name. Its ARNs are in the role's `partition`: a partition
 * has its own IAM, and AssumeRole does not cross partitions.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_cross_partition.html
 */
export function accountCaller(
  now: string,
  named?: string,
  options: {
    externalId?: boolean;
    naming?: readonly ConditionClause[];
    besides?: string;
    /** The organization it belongs to (or none) instead of a stranger's. */
    organization?: string;
    /** Account patterns its account is one of, as far as `naming` allows. */
    within?: readonly string[];
    /** The role's partition, the only one whose principals may assume it (aws unless told). */
    partition?: string;
  } = {},
): Caller {
  const stranger = strangerFor(
    options.naming ?? [],
    options.besides ? [options.besides] : [],
    options.within,
  );
  const account = named ?? stranger.account;
  const organization = options.organization ?? stranger.organization;
  const partition = options.partition ?? "aws";
  const chosen: Record<string, Choice> = {
    ...SESSION,
    // A role's ARN for its sessions, or a user's: always IAM's. A federated user's session
    // (arn:aws:sts::…:federated-user/…) may call no STS operation but GetCallerIdentity, and the
    // root user may not call AssumeRole.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
    "aws:principalarn": {
      allowed: `arn:${partition}:iam::${account}:*`,
      fallback: `arn:${partition}:iam::${account}:role/${OUTSIDER}`,
      // A role or user of its own it names (aws:PrincipalArn holds a role's ARN, not its session's).
      shapes: ["role", "user"].map((type) => ({
        pattern: `arn:${partition}:iam::${account}:${type}/?*`,
        // A path is any printable characters between slashes; a name, letters, digits and +=,.@_-.
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
        holds: new RegExp(`^arn:[^:]+:iam::\\d{12}:${type}/([\\x21-\\x7e]*/)?[\\w+=,.@-]+$`),
      })),
    },
    // A role session's id (its session name the caller's), or a user's: AWS gives the unique id.
    "aws:userid": named
      ? { allowed: "*", fallback: `AROA${OUTSIDER.toUpperCase()}:${OUTSIDER}` }
      : {
          allowed: `AROA${stranger.uniqueId}:*`,
          fallback: `AROA${stranger.uniqueId}:${OUTSIDER}`,
          alternatives: [`AIDA${stranger.uniqueId}`],
        },
    "aws:username": { allowed: "*", fallback: OUTSIDER, omit: true },
    "aws:principaltype": { allowed: "AssumedRole", fallback: "AssumedRole", alternatives: ["User"] },
    "aws:principaltag/*": { allowed: "*", fallback: OUTSIDER, omit: true },
    "aws:principalorgid": { allowed: organization, fallback: organization, omit: true },
    "aws:principalorgpaths": { allowed: `${organization}/*`, fallback: `${organization}/r-x/`, omit: true },
  };
  // The named account's own requests on behalf of its other customers carry their external ids (or
  // none): never one the policy names, however it names it, so a wildcard pins nothing.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
  if (options.externalId === false)
    chosen["sts:externalid"] = { allowed: "*", fallback: OUTSIDER, omit: true, except: /(?:)/ };
  return {
    label: named ? `any principal of account ${account}` : "any principal of any other AWS account",
    action: "sts:AssumeRole",
    names: (type, value) => {
      if (type !== "AWS") return false;
      if (value === "*") return true;
      if (!named) return false;
      return value === account || parseArn(value)?.account === account;
    },
    known: {
      ...basics(now),
      "aws:principalaccount": [account],
      "aws:principalisawsservice": ["false"],
      "aws:viaawsservice": ["false"],
    },
    chosen,
    unknown: NETWORK,
  };
}

/**
 * The caller asking for one role of the account: the keys of the resource, which a trust policy or
 * an RCP may test, are the role's. Its account and tags are known; the organization the account is
 * in only when `organizationId` is given (a single account's snapshot does not say).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
 */
export function forRole(
  caller: Caller,
  accountId: string,
  tags: readonly { key: string; value: string }[] = [],
  organizationId?: string,
): Caller {
  const known: Record<string, readonly string[]> = { ...caller.known, "aws:resourceaccount": [accountId] };
  for (const tag of tags) known[`aws:resourcetag/${tag.key}`.toLowerCase()] = [tag.value];
  if (organizationId) known["aws:resourceorgid"] = [organizationId];
  const unknown = RESOURCE_ORGANIZATION.filter((key) => !known[key]);
  return { ...caller, known, unknown: [...caller.unknown, ...unknown] };
}

/**
 * The caller asking under this trust policy. Passing session tags is the action sts:TagSession,
 * which the role's trust policy must allow besides the assume action ("The AssumeRole operation
 * fails for any role connected to an IdP passing session tags without this permission"): under a
 * trust policy no Allow of which grants it, a request that is let in carries no tags.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required
 */
export function underTrust(caller: Caller, policy: Policy | undefined): Caller {
  if (!policy) return caller;
  const { tags, sourceIdentity } = trustFacts(policy);
  if (tags && sourceIdentity) return caller;
  // One caller asks for many roles: each narrowing is made once per caller, and the role's keys
  // (forRole), which a narrowing leaves alone, are added to it after.
  let narrowings = narrowed.get(caller);
  if (!narrowings) {
    narrowings = new Map();
    narrowed.set(caller, narrowings);
  }
  const key = (tags ? 1 : 0) + (sourceIdentity ? 2 : 0);
  let under = narrowings.get(key);
  if (!under) {
    const tagged = tags ? caller : withoutSessionTags(caller);
    under = sourceIdentity ? tagged : withoutSourceIdentity(tagged);
    narrowings.set(key, under);
  }
  return under;
}

const narrowed = new WeakMap<Caller, Map<number, Caller>>();

/** Whether the trust policy lets callers pass session tags, and set a source identity: read once per policy. */
function trustFacts(policy: Policy): { tags: boolean; sourceIdentity: boolean } {
  let facts = factsOf.get(policy);
  if (!facts) {
    facts = {
      tags: policy.statements.some((s) => grants(s, "sts:TagSession")),
      sourceIdentity: policy.statements.some((s) => grants(s, "sts:SetSourceIdentity")),
    };
    factsOf.set(policy, facts);
  }
  return facts;
}

const factsOf = new WeakMap<Policy, { tags: boolean; sourceIdentity: boolean }>();

/**
 * The caller setting no source identity. A request that sets one (or carries one from the caller's
 * own session, which passes it on in role chaining) needs sts:SetSourceIdentity in the role's trust
 * policy besides the assume action, so under a trust policy without it, what is let in carries
 * none: a condition asking for sts:SourceIdentity is never met.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html#id_credentials_temp_control-access_monitor-perms
 */
function withoutSourceIdentity(caller: Caller): Caller {
  const chosen = { ...caller.chosen };
  for (const key of SOURCE_IDENTITY_KEYS) delete chosen[key];
  const known = { ...caller.known };
  for (const key of SOURCE_IDENTITY_KEYS) delete known[key];
  return {
    ...caller,
    chosen,
    known,
    unknown: caller.unknown.filter((k) => !SOURCE_IDENTITY_KEYS.includes(k)),
  };
}

const SOURCE_IDENTITY_KEYS = ["sts:sourceidentity", "aws:sourceidentity"];

/** The caller passing no session tags: its requests lack aws:RequestTag/, aws:TagKeys and sts:TransitiveTagKeys. */
export function withoutSessionTags(caller: Caller): Caller {
  const chosen = { ...caller.chosen };
  for (const key of SESSION_TAG_KEYS) delete chosen[key];
  return { ...caller, chosen };
}

const SESSION_TAG_KEYS = ["aws:requesttag/*", "aws:tagkeys", "sts:transitivetagkeys"];

function grants(s: Statement, action: string): boolean {
  return s.effect === "Allow" && s.actions.some((a) => globMatch(a, action, true)) !== s.notAction;
}

/** Keys naming the organization of the account the role is in. */
export const RESOURCE_ORGANIZATION = ["aws:resourceorgid", "aws:resourceorgpaths"];

/** A user, role or group of this account, as the escalation analysis sees it calling AssumeRole. */
export interface Member {
  type: "user" | "role" | "group";
  arn: string;
  name: string;
  tags?: readonly { key: string; value: string }[];
  /** A user allowed iam:TagUser on itself: its tags are its to choose, not those it has. */
  choosesTags?: boolean;
  /**
   * A role whose trust policy lets its sessions be tagged (sessionsMayBeTagged): a session tag
   * overrides the role's tag of the same key, so the tags its sessions carry are not known.
   */
  sessionTagged?: boolean;
}

/**
 * Whether a role's sessions may carry session tags: passing them (or transitive ones in a chain)
 * needs sts:TagSession in its trust policy. "When you do, session tags override a role tag with the
 * same key." https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required
 */
export function sessionsMayBeTagged(trustPolicy: Policy | undefined): boolean {
  return trustPolicy?.statements.some((s) => grants(s, "sts:TagSession")) ?? false;
}

/**
 * A principal of this account calling AssumeRole with its own credentials: its account, ARN, name
 * and tags are known; session values are its to choose; whether it presents MFA, which
 * organization the account is in and where it calls from are not known offline. A group stands
 * for any of its members, whose ARN and tags are not known either.
 */
export function memberCaller(now: string, accountId: string, member: Member): Caller {
  const known: Record<string, string[]> = { ...basics(now), "aws:principalaccount": [accountId] };
  const unknown = [
    ...NETWORK,
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:multifactorauthpresent",
    "aws:multifactorauthage",
    "aws:userid",
  ];
  if (member.type === "group") unknown.push("aws:principalarn", "aws:username", "aws:principaltype");
  else {
    known["aws:principalarn"] = [member.arn];
    known["aws:principaltype"] = [member.type === "user" ? "User" : "AssumedRole"];
    if (member.type === "user") known["aws:username"] = [member.name];
    if (!member.choosesTags && !member.sessionTagged)
      for (const tag of member.tags ?? []) known[`aws:principaltag/${tag.key}`.toLowerCase()] = [tag.value];
  }
  const chosen: Record<string, Choice> = { ...SESSION };
  if (member.choosesTags) chosen["aws:principaltag/*"] = { allowed: "*", fallback: OUTSIDER, omit: true };
  delete chosen["aws:multifactorauthpresent"];
  delete chosen["aws:multifactorauthage"];
  return {
    label: `${member.type} ${member.name}`,
    action: "sts:AssumeRole",
    names: () => true,
    known,
    chosen,
    unknown:
      member.type === "group" || (member.sessionTagged && !member.choosesTags)
        ? [...unknown, "aws:principaltag/"]
        : unknown,
  };
}

/** The account a trust-policy AWS principal value belongs to (an account id, a root or principal ARN). */
export function accountOf(value: string): string | undefined {
  if (/^\d{12}$/.test(value)) return value;
  const account = parseArn(value)?.account;
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/**
 * Anyone the web-identity provider issues tokens to, in a namespace of its own (its own repository,
 * organization, namespace or workspace): what an outsider of the provider can present.
 */
export function webIdentityCaller(now: string, federated: string): Caller {
  const host = providerHost(federated);
  const provider = oidcProvider(host);
  const chosen: Record<string, Choice> = {};
  for (const [claim, spec] of Object.entries(provider.claims)) {
    chosen[`${host}:${claim}`.toLowerCase()] = {
      allowed: spec.allowed,
      fallback: spec.fallback(host),
      ...(spec.except ? { except: spec.except } : {}),
      ...(spec.omit ? { omit: true } : {}),
    };
  }
  const undecided = (provider.undecided ?? []).map((claim) => `${host}:${claim}`.toLowerCase());
  return {
    label: `any identity of ${provider.name === "OIDC provider" ? host : provider.name} (${host})`,
    action: "sts:AssumeRoleWithWebIdentity",
    names: (type, value) => type === "Federated" && (value === "*" || providerHost(value) === host),
    known: { ...basics(now), "aws:federatedprovider": [federated] },
    chosen: {
      ...chosen,
      "sts:rolesessionname": SESSION["sts:rolesessionname"]!,
      "aws:requesttag/*": SESSION["aws:requesttag/*"]!,
    },
    unknown: [...NETWORK, ...undecided],
  };
}

/** `arn:aws:iam::1:oidc-provider/HOST` or a bare `HOST` (accounts.google.com, cognito-identity.amazonaws.com). */
export function providerHost(federated: string): string {
  const arn = parseArn(federated);
  return arn ? arn.resource.replace(/^oidc-provider\//, "") : federated;
}

export function isSamlProvider(federated: string): boolean {
  return parseArn(federated)?.resource.startsWith("saml-provider/") ?? false;
}
