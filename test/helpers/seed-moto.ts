import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  type IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";

interface Inline {
  PolicyName: string;
  PolicyDocument: unknown;
}
interface Attached {
  PolicyArn: string;
}
interface Tag {
  Key: string;
  Value: string;
}
/** The parts of a GAAD (as the AWS CLI prints it) that seeding reads. */
export interface SeedGaad {
  UserDetailList?: {
    Path: string;
    UserName: string;
    GroupList?: string[];
    UserPolicyList?: Inline[];
    AttachedManagedPolicies?: Attached[];
    PermissionsBoundary?: { PermissionsBoundaryArn: string };
    Tags?: Tag[];
  }[];
  GroupDetailList?: {
    Path: string;
    GroupName: string;
    GroupPolicyList?: Inline[];
    AttachedManagedPolicies?: Attached[];
  }[];
  RoleDetailList?: {
    Path: string;
    RoleName: string;
    AssumeRolePolicyDocument?: unknown;
    RolePolicyList?: Inline[];
    AttachedManagedPolicies?: Attached[];
    PermissionsBoundary?: { PermissionsBoundaryArn: string };
    InstanceProfileList?: { InstanceProfileName: string; Path?: string }[];
    Tags?: Tag[];
  }[];
  Policies?: {
    PolicyName?: string;
    Arn: string;
    Path?: string;
    Description?: string;
    DefaultVersionId: string;
    PolicyVersionList: { VersionId: string; Document?: unknown }[];
  }[];
}

/** What was created, by kind, keyed by name (users, groups, roles) or ARN (policies). */
export interface SeedResult {
  users: string[];
  groups: string[];
  roles: string[];
  customerPolicies: string[];
  attachments: Record<string, string[]>;
  inlinePolicies: Record<string, string[]>;
  accessKeys: Record<string, string[]>;
  loginProfiles: string[];
  instanceProfiles: string[];
}

export interface SeedOptions {
  /** User names that get a console password (moto has no credential report to read it from). */
  loginProfiles?: readonly string[];
  /** Access keys to create per user name. */
  accessKeys?: Readonly<Record<string, number>>;
}

const json = (doc: unknown) => (typeof doc === "string" ? decodeURIComponent(doc) : JSON.stringify(doc));
const isAws = (arn: string) => arn.startsWith("arn:aws:iam::aws:policy/");

/**
 * Recreates a GAAD's IAM state in moto: customer managed policies first (attachments and boundaries
 * refer to them), then groups, users and roles with their policies. AWS managed policies are
 * attached by ARN, since moto is started with them loaded. Service-linked roles are created with
 * CreateRole and their reserved path, which moto accepts where AWS would not.
 */
export async function seedMotoFromGaad(
  clients: { iam: IAMClient },
  gaad: SeedGaad,
  options: SeedOptions = {},
): Promise<SeedResult> {
  const { iam } = clients;
  const result: SeedResult = {
    users: [],
    groups: [],
    roles: [],
    customerPolicies: [],
    attachments: {},
    inlinePolicies: {},
    accessKeys: {},
    loginProfiles: [],
    instanceProfiles: [],
  };
  const note = (map: Record<string, string[]>, key: string, value: string) => {
    map[key] = [...(map[key] ?? []), value];
  };

  for (const p of gaad.Policies ?? []) {
    if (isAws(p.Arn)) continue;
    const version = p.PolicyVersionList.find((v) => v.VersionId === p.DefaultVersionId);
    const name = p.PolicyName ?? p.Arn.slice(p.Arn.lastIndexOf("/") + 1);
    await iam.send(
      new CreatePolicyCommand({
        PolicyName: name,
        Path: p.Path ?? "/",
        PolicyDocument: json(version?.Document),
        ...(p.Description ? { Description: p.Description } : {}),
      }),
    );
    result.customerPolicies.push(p.Arn);
  }

  for (const g of gaad.GroupDetailList ?? []) {
    await iam.send(new CreateGroupCommand({ GroupName: g.GroupName, Path: g.Path }));
    result.groups.push(g.GroupName);
    for (const a of g.AttachedManagedPolicies ?? []) {
      await iam.send(new AttachGroupPolicyCommand({ GroupName: g.GroupName, PolicyArn: a.PolicyArn }));
      note(result.attachments, `group/${g.GroupName}`, a.PolicyArn);
    }
    for (const p of g.GroupPolicyList ?? []) {
      await iam.send(
        new PutGroupPolicyCommand({
          GroupName: g.GroupName,
          PolicyName: p.PolicyName,
          PolicyDocument: json(p.PolicyDocument),
        }),
      );
      note(result.inlinePolicies, `group/${g.GroupName}`, p.PolicyName);
    }
  }

  for (const u of gaad.UserDetailList ?? []) {
    await iam.send(
      new CreateUserCommand({
        UserName: u.UserName,
        Path: u.Path,
        ...(u.Tags?.length ? { Tags: u.Tags } : {}),
        ...(u.PermissionsBoundary
          ? { PermissionsBoundary: u.PermissionsBoundary.PermissionsBoundaryArn }
          : {}),
      }),
    );
    result.users.push(u.UserName);
    for (const group of u.GroupList ?? []) {
      await iam.send(new AddUserToGroupCommand({ GroupName: group, UserName: u.UserName }));
    }
    for (const a of u.AttachedManagedPolicies ?? []) {
      await iam.send(new AttachUserPolicyCommand({ UserName: u.UserName, PolicyArn: a.PolicyArn }));
      note(result.attachments, `user/${u.UserName}`, a.PolicyArn);
    }
    for (const p of u.UserPolicyList ?? []) {
      await iam.send(
        new PutUserPolicyCommand({
          UserName: u.UserName,
          PolicyName: p.PolicyName,
          PolicyDocument: json(p.PolicyDocument),
        }),
      );
      note(result.inlinePolicies, `user/${u.UserName}`, p.PolicyName);
    }
    if (options.loginProfiles?.includes(u.UserName)) {
      // A throwaway password: moto stores it, nothing signs in with it.
      await iam.send(new CreateLoginProfileCommand({ UserName: u.UserName, Password: "Demo-Password-1!" }));
      result.loginProfiles.push(u.UserName);
    }
    for (let i = 0; i < (options.accessKeys?.[u.UserName] ?? 0); i++) {
      const key = await iam.send(new CreateAccessKeyCommand({ UserName: u.UserName }));
      note(result.accessKeys, u.UserName, key.AccessKey?.AccessKeyId ?? "");
    }
  }

  for (const r of gaad.RoleDetailList ?? []) {
    await iam.send(
      new CreateRoleCommand({
        RoleName: r.RoleName,
        Path: r.Path,
        AssumeRolePolicyDocument: json(r.AssumeRolePolicyDocument),
        ...(r.Tags?.length ? { Tags: r.Tags } : {}),
        ...(r.PermissionsBoundary
          ? { PermissionsBoundary: r.PermissionsBoundary.PermissionsBoundaryArn }
          : {}),
      }),
    );
    result.roles.push(r.RoleName);
    for (const a of r.AttachedManagedPolicies ?? []) {
      await iam.send(new AttachRolePolicyCommand({ RoleName: r.RoleName, PolicyArn: a.PolicyArn }));
      note(result.attachments, `role/${r.RoleName}`, a.PolicyArn);
    }
    for (const p of r.RolePolicyList ?? []) {
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: r.RoleName,
          PolicyName: p.PolicyName,
          PolicyDocument: json(p.PolicyDocument),
        }),
      );
      note(result.inlinePolicies, `role/${r.RoleName}`, p.PolicyName);
    }
    for (const profile of r.InstanceProfileList ?? []) {
      await iam.send(
        new CreateInstanceProfileCommand({
          InstanceProfileName: profile.InstanceProfileName,
          Path: profile.Path ?? "/",
        }),
      );
      await iam.send(
        new AddRoleToInstanceProfileCommand({
          InstanceProfileName: profile.InstanceProfileName,
          RoleName: r.RoleName,
        }),
      );
      result.instanceProfiles.push(profile.InstanceProfileName);
    }
  }
  return result;
}
