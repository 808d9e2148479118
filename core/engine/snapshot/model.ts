import { z } from "zod";

/**
 * The account model: one AWS account's IAM state at one instant, as every detector, the policy
 * evaluator and the generator read it. Built from GetAccountAuthorizationDetails + the credential
 * report + last-accessed jobs (live or from files), and saved by `whittle snapshot`.
 *
 * Conventions: dates are ISO 8601 strings in UTC; policy documents are stored decoded as plain JSON
 * values (never URL-encoded strings); a usage date of `null` means "never used" while an absent one
 * means "no information" — the two must not be confused, since only the first proves disuse.
 */
export const SNAPSHOT_SCHEMA_VERSION = 1;

const isoDate = z.iso.datetime({ offset: true });
/** `null`: never used. Absent: unknown (no data, or AWS has no record — e.g. before tracking began). */
const usageDate = isoDate.nullable().optional();

export const tagSchema = z.strictObject({ key: z.string(), value: z.string() });

export const inlinePolicySchema = z.strictObject({ name: z.string(), document: z.unknown() });

const principalCore = {
  arn: z.string(),
  id: z.string(),
  path: z.string(),
  name: z.string(),
  createDate: isoDate,
  /** ARNs of the managed policies attached directly to this principal. */
  attachedPolicyArns: z.array(z.string()),
  inlinePolicies: z.array(inlinePolicySchema),
};

export const groupSchema = z.strictObject(principalCore);

export const userSchema = z.strictObject({
  ...principalCore,
  tags: z.array(tagSchema),
  /**
   * The input had no tag list for it (an older GetAccountAuthorizationDetails output): `tags` is
   * empty without being known to be; absent: `tags` lists every tag.
   */
  tagsUnknown: z.literal(true).optional(),
  /** Group names, as GetAccountAuthorizationDetails lists them (resolve with `groupsOfUser`). */
  groups: z.array(z.string()),
  permissionsBoundaryArn: z.string().optional(),
});

export const instanceProfileSchema = z.strictObject({ name: z.string(), arn: z.string(), id: z.string() });

export const roleSchema = z.strictObject({
  ...principalCore,
  tags: z.array(tagSchema),
  /**
   * The input had no tag list for it (an older GetAccountAuthorizationDetails output): `tags` is
   * empty without being known to be; absent: `tags` lists every tag.
   */
  tagsUnknown: z.literal(true).optional(),
  permissionsBoundaryArn: z.string().optional(),
  /** The decoded AssumeRolePolicyDocument. */
  trustPolicy: z.unknown(),
  /**
   * RoleLastUsed. AWS tracks it for 400 days: present without a date means not used in that period;
   * absent means the input had no such data (older GAAD outputs lack the field).
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html
   */
  roleLastUsed: z.strictObject({ date: isoDate.optional(), region: z.string().optional() }).optional(),
  instanceProfiles: z.array(instanceProfileSchema),
  /** Service-linked roles live under /aws-service-role/ and are managed by the service, not by us. */
  serviceLinked: z.boolean(),
});

export const managedPolicySchema = z.strictObject({
  arn: z.string(),
  name: z.string(),
  id: z.string().optional(),
  path: z.string().optional(),
  isAwsManaged: z.boolean(),
  defaultVersionId: z.string(),
  /** The default version's document, decoded. */
  document: z.unknown(),
  /**
   * How many versions the policy has, default included: GetAccountAuthorizationDetails lists them
   * all (ManagedPolicyDetail's PolicyVersionList). Absent where the input did not say.
   */
  versionCount: z.number().int().positive().optional(),
  attachmentCount: z.number().int().nonnegative().optional(),
  permissionsBoundaryUsageCount: z.number().int().nonnegative().optional(),
  createDate: isoDate.optional(),
  updateDate: isoDate.optional(),
});

export const accessKeySchema = z.strictObject({
  /** The key id: known live (ListAccessKeys / GetAccessKeyLastUsed), absent in a credential report. */
  id: z.string().optional(),
  /** The credential report's column slot (access_key_1 / access_key_2). */
  slot: z.number().int().positive().optional(),
  status: z.enum(["Active", "Inactive"]),
  /** Creation, or last rotation as the credential report words it (a rotation creates a new key). */
  created: isoDate.optional(),
  lastUsed: usageDate,
  lastUsedService: z.string().optional(),
  lastUsedRegion: z.string().optional(),
});

export const userCredentialsSchema = z.strictObject({
  userArn: z.string(),
  userName: z.string(),
  userCreated: isoDate.optional(),
  password: z.strictObject({
    enabled: z.boolean(),
    lastUsed: usageDate,
    lastChanged: isoDate.optional(),
  }),
  mfa: z.strictObject({ active: z.boolean(), devices: z.array(z.string()).optional() }),
  accessKeys: z.array(accessKeySchema),
  /**
   * SSH public keys (CodeCommit over SSH) and service-specific credentials (CodeCommit over HTTPS,
   * Keyspaces, Bedrock API keys), listed live, and X.509 signing certificates, from the credential
   * report's `cert_N_active` columns. IAM records no last use for any of them: absent when they
   * were not listed.
   */
  otherCredentials: z
    .array(
      z.strictObject({
        kind: z.enum(["ssh-public-key", "service-specific", "signing-certificate"]),
        id: z.string(),
        active: z.boolean(),
        service: z.string().optional(),
      }),
    )
    .optional(),
});

export const rootFactsSchema = z.strictObject({
  arn: z.string(),
  mfaActive: z.boolean(),
  passwordLastUsed: usageDate,
  accessKeys: z.array(accessKeySchema),
});

export const passwordPolicySchema = z.discriminatedUnion("status", [
  /** GetAccountPasswordPolicy answered NoSuchEntity: the account relies on AWS's default policy. */
  z.strictObject({ status: z.literal("absent") }),
  z.strictObject({
    status: z.literal("present"),
    minimumLength: z.number().int().optional(),
    requireSymbols: z.boolean(),
    requireNumbers: z.boolean(),
    requireUppercase: z.boolean(),
    requireLowercase: z.boolean(),
    allowUsersToChange: z.boolean(),
    expirePasswords: z.boolean(),
    maxAgeDays: z.number().int().optional(),
    reusePrevention: z.number().int().optional(),
    hardExpiry: z.boolean().optional(),
  }),
]);

export const trackedActionSchema = z.strictObject({
  action: z.string(),
  lastAccessed: isoDate.optional(),
  region: z.string().optional(),
  entity: z.string().optional(),
});

export const serviceLastAccessedSchema = z.strictObject({
  namespace: z.string(),
  name: z.string().optional(),
  /** Absent: not accessed in the tracking period (AWS tracks 400 days). */
  lastAuthenticated: isoDate.optional(),
  lastAuthenticatedEntity: z.string().optional(),
  lastAuthenticatedRegion: z.string().optional(),
  totalAuthenticatedEntities: z.number().int().optional(),
  /** ACTION_LEVEL granularity, only for the services AWS tracks actions of. */
  actions: z.array(trackedActionSchema).optional(),
});

export const principalLastAccessedSchema = z.strictObject({
  jobCompleted: isoDate.optional(),
  services: z.array(serviceLastAccessedSchema),
});

export const scpSchema = z.strictObject({
  /** The policy id (p-…) and ARN, as DescribePolicy returns them. */
  id: z.string(),
  arn: z.string(),
  name: z.string(),
  /** The decoded policy content. */
  document: z.unknown(),
});

/**
 * The service control policies over the account, one level per node of its path in the organization
 * (root, each OU, the account itself): at every level some SCP must allow. SCPs do not apply to the
 * management account nor to service-linked roles.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
export const organizationSchema = z.strictObject({
  id: z.string().optional(),
  managementAccountId: z.string().optional(),
  scpLevels: z.array(z.strictObject({ targetId: z.string(), policies: z.array(scpSchema) })),
  /**
   * The resource control policies over the account's resources, by level as the SCPs; absent when
   * they were not read (RCPs not enabled, or an older snapshot). They cap access to the account's
   * resources of the services RCPs support, whoever calls; not in the management account.
   * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
   */
  rcpLevels: z.array(z.strictObject({ targetId: z.string(), policies: z.array(scpSchema) })).optional(),
});

export const snapshotSchema = z.strictObject({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  accountId: z.string(),
  alias: z.string().optional(),
  collectedAt: isoDate,
  users: z.array(userSchema),
  groups: z.array(groupSchema),
  roles: z.array(roleSchema),
  /** Keyed by policy ARN. */
  managedPolicies: z.record(z.string(), managedPolicySchema),
  /** Keyed by user ARN; absent keys mean no credential data for that user (not "no credentials"). */
  credentials: z.record(z.string(), userCredentialsSchema),
  /** Absent when no credential report was read. */
  root: rootFactsSchema.optional(),
  /** Absent when not collected (offline input has none); `{status: "absent"}` when the account has none. */
  passwordPolicy: passwordPolicySchema.optional(),
  /** Keyed by principal ARN. */
  lastAccessed: z.record(z.string(), principalLastAccessedSchema),
  /** Absent when the organization's SCPs were not collected (their effect is then unknown). */
  organization: organizationSchema.optional(),
  /** What could not be collected or read, in words a user can act on. */
  warnings: z.array(z.string()),
});

export type Tag = z.infer<typeof tagSchema>;
export type InlinePolicy = z.infer<typeof inlinePolicySchema>;
export type Group = z.infer<typeof groupSchema>;
export type User = z.infer<typeof userSchema>;
export type Role = z.infer<typeof roleSchema>;
export type InstanceProfile = z.infer<typeof instanceProfileSchema>;
export type ManagedPolicy = z.infer<typeof managedPolicySchema>;
export type AccessKey = z.infer<typeof accessKeySchema>;
export type UserCredentials = z.infer<typeof userCredentialsSchema>;
export type RootFacts = z.infer<typeof rootFactsSchema>;
export type PasswordPolicy = z.infer<typeof passwordPolicySchema>;
export type TrackedAction = z.infer<typeof trackedActionSchema>;
export type ServiceLastAccessed = z.infer<typeof serviceLastAccessedSchema>;
export type PrincipalLastAccessed = z.infer<typeof principalLastAccessedSchema>;
export type ServiceControlPolicy = z.infer<typeof scpSchema>;
export type Organization = z.infer<typeof organizationSchema>;
export type Snapshot = z.infer<typeof snapshotSchema>;
export type Principal = User | Group | Role;

/** A service-linked role: its policies are AWS's, SCPs do not cap it, and its calls are its service's own. */
export function isServiceLinked(principal: Principal): boolean {
  return "serviceLinked" in principal && principal.serviceLinked === true;
}
