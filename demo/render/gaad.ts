import { ACCOUNT_ID, arn, cliDate } from "../model/account.js";
import type { AwsManagedPolicy } from "../model/managed-policies.js";
import { iamId } from "../model/rng.js";
import type { CustomerPolicySpec, GroupSpec, InlinePolicy, RoleSpec, UserSpec } from "../model/types.js";

export interface GaadInput {
  users: readonly UserSpec[];
  groups: readonly GroupSpec[];
  roles: readonly RoleSpec[];
  customer: readonly CustomerPolicySpec[];
  aws: ReadonlyMap<string, AwsManagedPolicy>;
  /** The last use of each role, read from the simulated trail. */
  roleLastUsed: ReadonlyMap<string, { date: Date; region: string }>;
}

const nameOf = (policyArn: string) => policyArn.slice(policyArn.lastIndexOf("/") + 1);
const attached = (arns: readonly string[] = []) => arns.map((a) => ({ PolicyName: nameOf(a), PolicyArn: a }));
const inline = (list: readonly InlinePolicy[] = []) =>
  list.map((p) => ({ PolicyName: p.name, PolicyDocument: p.document }));
const boundary = (policyArn: string | undefined) =>
  policyArn
    ? { PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: policyArn } }
    : {};

/**
 * GetAccountAuthorizationDetails as `aws iam get-account-authorization-details` prints it: documents
 * decoded, dates with an offset, lists in the API's order (users, groups, roles by path and name).
 * AWS managed policies are listed when something in the account attaches them.
 */
export function renderGaad(input: GaadInput): Record<string, unknown> {
  const { users, groups, roles } = input;
  const roleEntry = (r: RoleSpec) => ({
    Path: r.path ?? "/",
    RoleName: r.name,
    RoleId: iamId("AROA", r.name),
    Arn: arn.role(r.name, r.path),
    CreateDate: cliDate(r.created),
    AssumeRolePolicyDocument: r.trust,
  });
  const lastUsed = (r: RoleSpec) => {
    const seen = input.roleLastUsed.get(arn.role(r.name, r.path));
    const used = seen ? { date: seen.date.toISOString(), region: seen.region } : r.usedBeforeWindow;
    // AWS returns an empty object for a role never used in its 400-day tracking period.
    return used ? { LastUsedDate: cliDate(used.date), Region: used.region } : {};
  };
  return {
    UserDetailList: [...users].sort(byPathName).map((u) => ({
      Path: u.path ?? "/",
      UserName: u.name,
      UserId: iamId("AIDA", u.name),
      Arn: arn.user(u.name, u.path),
      CreateDate: cliDate(u.created),
      ...(u.inline?.length ? { UserPolicyList: inline(u.inline) } : {}),
      GroupList: u.groups,
      AttachedManagedPolicies: attached(u.managed),
      ...boundary(u.boundary),
      Tags: u.tags ?? [],
    })),
    GroupDetailList: [...groups].sort(byPathName).map((g) => ({
      Path: "/",
      GroupName: g.name,
      GroupId: iamId("AGPA", g.name),
      Arn: arn.group(g.name),
      CreateDate: cliDate(g.created),
      GroupPolicyList: inline(g.inline),
      AttachedManagedPolicies: attached(g.managed),
    })),
    RoleDetailList: [...roles].sort(byPathName).map((r) => ({
      ...roleEntry(r),
      InstanceProfileList: r.instanceProfile
        ? [
            {
              Path: "/",
              InstanceProfileName: r.name,
              InstanceProfileId: iamId("AIPA", r.name),
              Arn: `arn:aws:iam::${ACCOUNT_ID}:instance-profile/${r.name}`,
              CreateDate: cliDate(r.created),
              Roles: [roleEntry(r)],
            },
          ]
        : [],
      RolePolicyList: inline(r.inline),
      AttachedManagedPolicies: attached(r.managed),
      ...boundary(r.boundary),
      Tags: r.tags ?? [],
      RoleLastUsed: lastUsed(r),
    })),
    Policies: policies(input),
  };
}

function policies(input: GaadInput): Record<string, unknown>[] {
  const principals = [...input.users, ...input.groups, ...input.roles];
  const attachments = (a: string) => principals.filter((p) => p.managed?.includes(a)).length;
  const boundaries = (a: string) =>
    [...input.users, ...input.roles].filter((p) => "boundary" in p && p.boundary === a).length;
  const customer = [...input.customer]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => {
      const policyArn = arn.policy(p.name);
      return {
        PolicyName: p.name,
        PolicyId: iamId("ANPA", p.name),
        Arn: policyArn,
        Path: "/",
        DefaultVersionId: "v1",
        AttachmentCount: attachments(policyArn),
        PermissionsBoundaryUsageCount: boundaries(policyArn),
        IsAttachable: true,
        Description: p.description,
        CreateDate: cliDate(p.created),
        UpdateDate: cliDate(p.created),
        PolicyVersionList: [
          { Document: p.document, VersionId: "v1", IsDefaultVersion: true, CreateDate: cliDate(p.created) },
        ],
      };
    });
  const aws = [...input.aws.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => ({
      PolicyName: p.name,
      PolicyId: iamId("ANPA", `aws:${p.name}`),
      Arn: p.arn,
      Path: p.path,
      DefaultVersionId: p.versionId,
      AttachmentCount: attachments(p.arn),
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: cliDate(p.date),
      UpdateDate: cliDate(p.date),
      PolicyVersionList: [
        { Document: p.document, VersionId: p.versionId, IsDefaultVersion: true, CreateDate: cliDate(p.date) },
      ],
    }));
  return [...customer, ...aws];
}

function byPathName(a: { path?: string; name: string }, b: { path?: string; name: string }): number {
  const pa = `${a.path ?? "/"}${a.name}`;
  const pb = `${b.path ?? "/"}${b.name}`;
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}
