import { managedPolicies } from "./managed-policies.js";

/**
 * A large account as GetAccountAuthorizationDetails returns it, generated deterministically:
 * `roles` roles with four customer managed policies each, every document a real AWS managed
 * policy's statements, trust policies mixing services, the account, other roles and a few users,
 * so that trust and escalation analysis has chains to follow. Shared by the benchmark and the
 * differential test, which runs the same shape at a smaller size.
 */
export const LARGE_ACCOUNT_ID = "123456789012";

export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

let pool: readonly unknown[] | undefined;

/** Real AWS managed policy documents below 4 KB (the large ones would make every role an admin). */
function documentPool(): readonly unknown[] {
  pool ??= Object.entries(managedPolicies())
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, p]) => p.PolicyVersion.Document)
    .filter((d) => JSON.stringify(d).length < 4000);
  return pool;
}

const SERVICES = ["lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com"];
const CREATED = "2024-01-01T00:00:00Z";

export interface LargeAccountOptions {
  roles: number;
  /** IAM users, each in one of a few groups; default one per 100 roles. */
  users?: number;
  seed?: number;
}

export function largeAccountGaad(options: LargeAccountOptions): Record<string, unknown> {
  const { roles } = options;
  const users = options.users ?? Math.max(1, Math.floor(roles / 100));
  const random = seeded(options.seed ?? 7);
  const documents = documentPool();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const arn = (kind: string, name: string) => `arn:aws:iam::${LARGE_ACCOUNT_ID}:${kind}/${name}`;

  const Policies: unknown[] = [];
  const policy = (name: string) => {
    Policies.push({
      PolicyName: name,
      PolicyId: `ANPA${Policies.length}`,
      Arn: arn("policy", name),
      Path: "/",
      DefaultVersionId: "v1",
      AttachmentCount: 1,
      IsAttachable: true,
      CreateDate: CREATED,
      UpdateDate: CREATED,
      PolicyVersionList: [
        {
          Document: encodeURIComponent(JSON.stringify(pick(documents))),
          VersionId: "v1",
          IsDefaultVersion: true,
          CreateDate: CREATED,
        },
      ],
    });
    return { PolicyName: name, PolicyArn: arn("policy", name) };
  };

  const groups = ["developers", "operators", "auditors"].map((name) => ({
    Path: "/",
    GroupName: name,
    GroupId: `AGPA${name.toUpperCase()}`,
    Arn: arn("group", name),
    CreateDate: CREATED,
    GroupPolicyList: [],
    AttachedManagedPolicies: [policy(`group-${name}`)],
  }));
  const UserDetailList = Array.from({ length: users }, (_, u) => ({
    Path: "/",
    UserName: `user-${u}`,
    UserId: `AIDA${u}`,
    Arn: arn("user", `user-${u}`),
    CreateDate: CREATED,
    GroupList: [groups[u % groups.length]!.GroupName],
    AttachedManagedPolicies: random() < 0.3 ? [policy(`user-${u}`)] : [],
    UserPolicyList: [],
    Tags: [],
  }));

  const trust = (r: number) => {
    const roll = random();
    let principal: Record<string, unknown>;
    if (roll < 0.5) principal = { Service: pick(SERVICES) };
    else if (roll < 0.65) principal = { AWS: `arn:aws:iam::${LARGE_ACCOUNT_ID}:root` };
    else if (roll < 0.9 && r > 0) {
      // Earlier roles may assume this one: chains through the account.
      const callers = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
        arn("role", `app-${Math.floor(random() * r)}`),
      );
      principal = { AWS: callers.length === 1 ? callers[0] : callers };
    } else principal = { AWS: arn("user", `user-${Math.floor(random() * users)}`) };
    return {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: principal, Action: "sts:AssumeRole" }],
    };
  };

  const RoleDetailList = Array.from({ length: roles }, (_, r) => {
    const attached = Array.from({ length: 4 }, (_, k) => policy(`p-${r}-${k}`));
    return {
      Path: "/",
      RoleName: `app-${r}`,
      RoleId: `AROA${r}`,
      Arn: arn("role", `app-${r}`),
      CreateDate: CREATED,
      AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust(r))),
      InstanceProfileList: [],
      RolePolicyList:
        random() < 0.2
          ? [{ PolicyName: "inline", PolicyDocument: encodeURIComponent(JSON.stringify(pick(documents))) }]
          : [],
      AttachedManagedPolicies: attached,
      Tags: [],
      RoleLastUsed: { LastUsedDate: "2026-11-20T00:00:00Z", Region: "us-east-1" },
    };
  });

  return { UserDetailList, GroupDetailList: groups, RoleDetailList, Policies };
}
