import { z } from "zod";
import { decodePolicyDocument } from "../policy/decode.js";
import { toIsoDate } from "./dates.js";

/**
 * The GetAccountAuthorizationDetails response, as the AWS CLI prints it or SDK v3 returns it
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html).
 * Built twice: strict, to notice fields this version does not know (reported as warnings, since
 * AWS adds fields over time), and lenient, to read the file anyway.
 */
export function gaadSchemas(strict: boolean) {
  const object = strict ? z.strictObject : z.object;

  // Numbers too, to be named in the error: an epoch count is no date AWS tools print.
  const date = z.union([z.string(), z.date(), z.number()]).transform((value, ctx) => {
    const iso = toIsoDate(value);
    if (iso === undefined) ctx.addIssue({ code: "custom", message: `not a date: ${JSON.stringify(value)}` });
    return iso ?? "";
  });

  const document = z.unknown().transform((value, ctx) => {
    try {
      const decoded = decodePolicyDocument(value);
      if (decoded === null || typeof decoded !== "object" || Array.isArray(decoded)) {
        ctx.addIssue({ code: "custom", message: "the policy document is not a JSON object" });
      }
      return decoded;
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return undefined;
    }
  });

  const tags = z.array(object({ Key: z.string(), Value: z.string() })).nullish();
  const attached = z.array(object({ PolicyName: z.string().nullish(), PolicyArn: z.string() })).nullish();
  const boundary = object({
    PermissionsBoundaryType: z.string().nullish(),
    PermissionsBoundaryArn: z.string(),
  }).nullish();
  const inline = z.array(object({ PolicyName: z.string(), PolicyDocument: document })).nullish();

  const user = object({
    Path: z.string(),
    UserName: z.string(),
    UserId: z.string(),
    Arn: z.string(),
    CreateDate: date,
    UserPolicyList: inline,
    GroupList: z.array(z.string()).nullish(),
    AttachedManagedPolicies: attached,
    PermissionsBoundary: boundary,
    Tags: tags,
  });

  const group = object({
    Path: z.string(),
    GroupName: z.string(),
    GroupId: z.string(),
    Arn: z.string(),
    CreateDate: date,
    GroupPolicyList: inline,
    AttachedManagedPolicies: attached,
  });

  const instanceProfile = object({
    Path: z.string().nullish(),
    InstanceProfileName: z.string(),
    InstanceProfileId: z.string(),
    Arn: z.string(),
    CreateDate: date.nullish(),
    // The roles in a profile repeat RoleDetailList entries; they are not read from here.
    Roles: z.array(z.unknown()).nullish(),
    Tags: tags,
  });

  const role = object({
    Path: z.string(),
    RoleName: z.string(),
    RoleId: z.string(),
    Arn: z.string(),
    CreateDate: date,
    AssumeRolePolicyDocument: document.nullish(),
    InstanceProfileList: z.array(instanceProfile).nullish(),
    RolePolicyList: inline,
    AttachedManagedPolicies: attached,
    PermissionsBoundary: boundary,
    Tags: tags,
    RoleLastUsed: object({ LastUsedDate: date.nullish(), Region: z.string().nullish() }).nullish(),
  });

  const policyVersion = object({
    Document: document.nullish(),
    VersionId: z.string(),
    IsDefaultVersion: z.boolean(),
    CreateDate: date.nullish(),
  });

  const policy = object({
    // Required by the API reference, but moto omits it for AWS managed policies: taken from the ARN.
    PolicyName: z.string().nullish(),
    PolicyId: z.string().nullish(),
    Arn: z.string(),
    Path: z.string().nullish(),
    DefaultVersionId: z.string(),
    AttachmentCount: z.number().int().nonnegative().nullish(),
    PermissionsBoundaryUsageCount: z.number().int().nonnegative().nullish(),
    IsAttachable: z.boolean().nullish(),
    Description: z.string().nullish(),
    CreateDate: date.nullish(),
    UpdateDate: date.nullish(),
    PolicyVersionList: z.array(policyVersion),
  });

  return object({
    UserDetailList: z.array(user).nullish(),
    GroupDetailList: z.array(group).nullish(),
    RoleDetailList: z.array(role).nullish(),
    Policies: z.array(policy).nullish(),
    // Present when one page of a paginated response was saved as is.
    IsTruncated: z.boolean().nullish(),
    Marker: z.string().nullish(),
    // Printed by the AWS CLI when --max-items ends its output before the last page.
    NextToken: z.string().nullish(),
  });
}

export type GaadPage = z.output<ReturnType<typeof gaadSchemas>>;

/** The keys that make a JSON object a GetAccountAuthorizationDetails page (not, say, a report). */
export const GAAD_LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"] as const;

export function looksLikeGaad(value: unknown): boolean {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return GAAD_LISTS.some((key) => Array.isArray(record[key])) && !("users" in record || "roles" in record);
}
