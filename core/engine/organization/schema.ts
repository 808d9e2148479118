import { z } from "zod";
import { gradedSchema } from "../findings/kinds.js";
import { severityCountsSchema } from "../report/schema.js";

/**
 * org-report.json, the organization rollup of `whittle audit --org` (one report.json per account
 * beside it): the one source of truth for its type and for schema/org-report.schema.json.
 * Fields may be added; renaming or dropping one needs a schemaVersion bump.
 */
export const ORG_REPORT_SCHEMA_VERSION = 1;

const isoDate = z.string().describe("ISO 8601 instant");
const count = z.number().int().nonnegative();

const accountSchema = z.strictObject({
  accountId: z.string(),
  name: z.string().optional(),
  status: z.enum(["audited", "failed"]),
  reason: z.string().optional().describe("why a failed account could not be audited"),
  report: z.string().optional().describe("its report.json, relative to the rollup's directory"),
  principals: count.optional(),
  findings: severityCountsSchema.optional().describe("open findings by severity"),
  serviceControlPolicies: z
    .array(z.string())
    .optional()
    .describe(
      "SCP ARNs along the account's OU path, which apply to it (none to the management account); absent when they were not read",
    ),
  management: z.boolean().optional().describe("the management account, which SCPs do not limit"),
});

const worstPrincipalSchema = z.strictObject({
  accountId: z.string(),
  arn: z.string(),
  name: z.string(),
  type: z.enum(["user", "role", "group"]),
  score: count.describe("Σ severity weight of its open findings (critical 40, high 10, medium 3, low 1)"),
  findings: severityCountsSchema,
  kinds: z.array(z.string()).describe("kinds of its open findings"),
});

const crossAccountPathSchema = z.strictObject({
  id: z.string().describe("stable: source principal → target role"),
  ...gradedSchema.shape,
  title: z.string(),
  from: z.strictObject({ accountId: z.string(), principalArn: z.string(), type: z.enum(["user", "role"]) }),
  to: z.strictObject({ accountId: z.string(), roleArn: z.string() }),
  via: z.enum(["named", "account", "anyone"]).describe("how the role's trust policy admits the caller"),
  reaches: z.union([
    z.strictObject({ admin: z.enum(["certain", "conditional", "scp-limited"]) }),
    z.strictObject({ escalation: z.array(z.string()), certainty: z.enum(["yes", "maybe"]) }),
  ]),
  certainty: z.enum(["yes", "maybe"]),
  blockedBy: z
    .array(z.string())
    .optional()
    .describe(
      "the caller's SCPs that alone deny its sts:AssumeRole: the path exists but the guardrail holds",
    ),
  liftsBlock: z
    .string()
    .optional()
    .describe(
      "the calls by which the caller may itself lift every policy in blockedBy (organizations:UpdatePolicy rewrites one; organizations:DetachPolicy takes one off every root, OU or account of the path it is attached to, attaching FullAWSAccess first where a level would keep none of its type), and the SCPs left then allow the request (organizations:AttachPolicy gives a level whose SCPs leave it out FullAWSAccess, as for a path no SCP allows; organizations:UpdatePolicy may rewrite one of them instead; organizations:DisablePolicyType in the root lifts every policy of the type at once), from the management account by its own policies, from a member account by its own policies, its SCPs and the organization's delegation policy: the guardrail does not hold against it and the path is graded as one not blocked, certainty maybe where a call hangs on a condition or the delegation policy is unknown",
    ),
  through: z
    .array(
      z.strictObject({
        principalArn: z.string(),
        paths: z.array(z.string()),
        selfGrant: z
          .string()
          .optional()
          .describe(
            "the call by which that principal first gives itself any policy (iam:CreateGroup: it creates a group, gives it the policy and joins it; iam:CreateUser, iam:CreateRole: it creates a user or role with the policy and acts as it)",
          ),
        joinsGroup: z
          .string()
          .optional()
          .describe(
            "the group of its account that principal, a user, first adds itself to (before its selfGrant, when both are named)",
          ),
      }),
    )
    .optional()
    .describe(
      "the users and roles of the caller's account it acts as first, in turn (its access key or console password made, its trust rewritten, code run with it), with the escalation paths by which it does; absent when the caller assumes the role itself",
    ),
  selfGrant: z
    .string()
    .optional()
    .describe(
      "the call by which the caller first gives itself a policy allowing everything (iam:PutUserPolicy, iam:AttachRolePolicy, iam:CreatePolicyVersion…; iam:CreateGroup where it creates a group, puts or attaches such a policy on it and joins it; iam:CreateUser or iam:CreateRole where it creates a user or role with such a policy and acts as it; sso:PutInlinePolicyToPermissionSet or sso:AttachManagedPolicyToPermissionSet where it gives the permissionSet it assigns such a policy), where that is what lets it take the path",
    ),
  joinsGroup: z
    .string()
    .optional()
    .describe(
      "the group of its account the caller, a user, first adds itself to (iam:AddUserToGroup), where that group's policies are what let it take the path; with selfGrant too, it gives itself the policy once a member, by the group's policies or by putting or attaching it on that group",
    ),
  openToAnyone: z
    .literal(true)
    .optional()
    .describe(
      "the caller is a role whose trust policy certainly lets in principals of any account: anyone takes the path",
    ),
  assumeRoot: z
    .strictObject({
      taskPolicy: z.string(),
      delegatedAdministrator: z
        .literal(true)
        .optional()
        .describe(
          "the caller's account is not the management account but IAM's delegated administrator, as the run read it (organizations:ListDelegatedAdministrators), or, where that could not be read (the rollup's warnings say so), taken for it as its policies name sts:AssumeRoot, which the path then also hangs on",
        ),
      rootSessionsOff: z
        .literal(true)
        .optional()
        .describe(
          "the organization had not enabled root sessions when the run read its features (iam:ListOrganizationsFeatures): a fact of that moment, as they may be enabled at any time, so the path stays",
        ),
    })
    .optional()
    .describe(
      "the path leads to the member account's root user (to.roleArn is its arn:aws:iam::<account>:root), not a role: the caller, of the management account or IAM's delegated administrator, may call sts:AssumeRoot with this task policy, whose session gives the root user a password; it hangs on the organization's centralized root access being enabled (root sessions) and on the root user's email, by which the password is recovered",
    ),
  permissionSet: z
    .string()
    .optional()
    .describe(
      "the caller, of the management account, does not assume the role itself but may assign this IAM Identity Center permission set in the member (sso:CreateAccountAssignment), which Identity Center provisions as this role; the path hangs on the caller signing in as an Identity Center user the assignment names",
    ),
  delegatedAdministrator: z
    .literal(true)
    .optional()
    .describe(
      "the caller's account is not the management account but the delegated administrator of the service the path goes by (StackSets with stackSet, IAM Identity Center with permissionSet), as the run read it (organizations:ListDelegatedAdministrators)",
    ),
  unreadPolicies: z
    .array(z.string())
    .optional()
    .describe(
      "managed policies attached to the caller that its account's snapshot holds no document for (a GAAD taken with --filter LocalManagedPolicy leaves out AWS managed policies): only they may allow its request, so the path may exist (certainty maybe)",
    ),
  stackSet: z
    .literal(true)
    .optional()
    .describe(
      "the caller, of the management account, does not assume the role itself but may create a StackSet and its stack instances (cloudformation:CreateStackSet, cloudformation:CreateStackInstances) with service-managed permissions, which StackSets deploys into the member as this StackSets execution role (stacksets-exec-*); certain only where the management account holds StackSets' service-linked role (trusted access activated)",
    ),
});

const permissionSetSchema = z.strictObject({
  name: z.string().describe("the IAM Identity Center permission set"),
  accounts: z.array(z.string()).describe("audited accounts holding its role"),
  status: z.enum(["proven", "refused"]),
  reason: z.string().optional().describe("why no policy for every account could be proven"),
  violations: z.array(z.string()).optional(),
  unusedIn: z
    .array(z.string())
    .optional()
    .describe("accounts whose role the evidence shows unused: they keep nothing of their own"),
  policy: z
    .strictObject({ name: z.string(), document: z.unknown() })
    .optional()
    .describe("the set's inline policy: every account's proven grants, within each account's current ones"),
  checks: z.strictObject({ withinCurrent: z.boolean(), coversObserved: z.boolean() }).optional(),
  iac: z.strictObject({ terraform: z.string(), cloudformation: z.string() }).optional(),
});

export const orgReportSchema = z.strictObject({
  schemaVersion: z.literal(ORG_REPORT_SCHEMA_VERSION),
  kind: z.literal("organization"),
  organizationId: z.string().optional(),
  managementAccountId: z.string().optional(),
  auditedFrom: z.string().describe("the account the audit ran from (management or delegated administrator)"),
  generatedAt: isoDate,
  window: z.strictObject({ start: isoDate, end: isoDate, days: z.number().int().positive() }),
  summary: z.strictObject({
    accounts: count,
    audited: count,
    failed: count,
    principals: count,
    findings: severityCountsSchema,
    crossAccountPaths: count,
  }),
  accounts: z.array(accountSchema),
  worstPrincipals: z.array(worstPrincipalSchema),
  crossAccountPaths: z.array(crossAccountPathSchema),
  permissionSets: z
    .array(permissionSetSchema)
    .describe("each permission set's one policy for every account it is assigned to, or why there is none"),
  warnings: z
    .array(z.string())
    .describe(
      "each audited account's warnings that bear on how far its findings can be trusted (its SCPs or RCPs unread, IAM data missing, a detector failed), each account not audited (the cross-account paths from or into it are not known), and each folder of the run's output holding an earlier run's report of an account it did not audit (one no longer in the organization, or one that failed), as `<accountId>: <warning>`",
    ),
});

export type OrgReport = z.infer<typeof orgReportSchema>;
export type OrgReportAccount = z.infer<typeof accountSchema>;
export type OrgPermissionSet = z.infer<typeof permissionSetSchema>;
export type OrgCrossAccountPath = z.infer<typeof crossAccountPathSchema>;

/** The JSON Schema of org-report.json (committed, and checked in sync by a test). */
export function orgReportJsonSchema(): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "Whittle organization report",
    ...z.toJSONSchema(orgReportSchema, { target: "draft-2020-12" }),
  };
}
