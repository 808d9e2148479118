import {
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  type ListEntitiesForPolicyCommandOutput,
  ListGroupPoliciesCommand,
  ListGroupsForUserCommand,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  NoSuchEntityException,
} from "@aws-sdk/client-iam";
import type { IamState, PolicyState, PrincipalState } from "../engine/plans/state.js";
import { decodePolicyDocument } from "../engine/policy/decode.js";
import { pageTokens } from "./page-tokens.js";

export type Iam = Pick<IAMClient, "send">;

export interface StateScope {
  principals: { type: PrincipalState["type"]; name: string }[];
  policies: string[];
}

/** The principals' own policies and the customer managed policies of a scope, as IAM holds them now. */
export async function readState(iam: Iam, scope: StateScope): Promise<IamState> {
  const principals: PrincipalState[] = [];
  for (const p of scope.principals) {
    const state = await readPrincipal(iam, p.type, p.name);
    if (state) principals.push(state);
  }
  const policies: PolicyState[] = [];
  for (const arn of scope.policies) {
    const state = await readPolicy(iam, arn);
    if (state) policies.push(state);
  }
  return { principals, policies };
}

/** Pages of a List* call, following Marker while IsTruncated; a Marker given twice throws. */
async function pages<T extends { IsTruncated?: boolean; Marker?: string }>(
  call: (marker: string | undefined) => Promise<T>,
): Promise<T[]> {
  const out: T[] = [];
  const next = pageTokens("an IAM listing");
  let marker: string | undefined;
  do {
    const page = await call(marker);
    out.push(page);
    marker = next(page.IsTruncated ? page.Marker : undefined, page.IsTruncated);
  } while (marker);
  return out;
}

async function orAbsent<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    throw error;
  }
}

export async function readPrincipal(
  iam: Iam,
  type: PrincipalState["type"],
  name: string,
): Promise<PrincipalState | undefined> {
  return orAbsent(async () => {
    const attached = (
      await pages((Marker) =>
        type === "user"
          ? iam.send(new ListAttachedUserPoliciesCommand({ UserName: name, Marker }))
          : type === "role"
            ? iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, Marker }))
            : iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: name, Marker })),
      )
    ).flatMap((p) => (p.AttachedPolicies ?? []).map((a) => a.PolicyArn!));
    const names = (
      await pages((Marker) =>
        type === "user"
          ? iam.send(new ListUserPoliciesCommand({ UserName: name, Marker }))
          : type === "role"
            ? iam.send(new ListRolePoliciesCommand({ RoleName: name, Marker }))
            : iam.send(new ListGroupPoliciesCommand({ GroupName: name, Marker })),
      )
    ).flatMap((p) => p.PolicyNames ?? []);
    const inline: PrincipalState["inline"] = [];
    for (const PolicyName of names.sort()) {
      const out =
        type === "user"
          ? await iam.send(new GetUserPolicyCommand({ UserName: name, PolicyName }))
          : type === "role"
            ? await iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName }))
            : await iam.send(new GetGroupPolicyCommand({ GroupName: name, PolicyName }));
      inline.push({ name: PolicyName, document: decodePolicyDocument(out.PolicyDocument) });
    }
    const state: PrincipalState = { type, name, attached: attached.sort(), inline };
    if (type !== "group") state.boundary = (await boundaryOf(iam, type, name)) ?? null;
    if (type === "user") {
      const groups = await pages((Marker) =>
        iam.send(new ListGroupsForUserCommand({ UserName: name, Marker })),
      );
      state.groups = groups.flatMap((p) => (p.Groups ?? []).map((g) => g.GroupName!)).sort();
    }
    if (type === "group") {
      const members = await pages((Marker) => iam.send(new GetGroupCommand({ GroupName: name, Marker })));
      state.members = members.flatMap((p) => (p.Users ?? []).map((u) => u.UserName!)).sort();
    }
    return state;
  });
}

/** A user's or role's permissions boundary ARN; GetUser and GetRole are where IAM tells it. */
async function boundaryOf(iam: Iam, type: "user" | "role", name: string): Promise<string | undefined> {
  const principal =
    type === "user"
      ? (await iam.send(new GetUserCommand({ UserName: name }))).User
      : (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
  return principal?.PermissionsBoundary?.PermissionsBoundaryArn;
}

/**
 * A managed policy's default version only, for drift checks of policies the change leaves in
 * place: an AWS managed policy can have a hundred versions and thousands of holders.
 */
export async function readDefaultVersion(iam: Iam, arn: string): Promise<PolicyState | undefined> {
  return orAbsent(async () => {
    const versionId = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId!;
    const out = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: versionId }));
    const document = decodePolicyDocument(out.PolicyVersion?.Document);
    return { arn, defaultVersionId: versionId, versions: [{ versionId, document }], attachedTo: [] };
  });
}

/**
 * A user's, role's or group's ARN as IAM gives it (its account, partition and path), and its unique
 * id, if it exists.
 */
export async function principalIdentity(
  iam: Iam,
  type: PrincipalState["type"],
  name: string,
): Promise<{ arn: string; id: string | undefined } | undefined> {
  return orAbsent(async () => {
    if (type === "user") {
      const user = (await iam.send(new GetUserCommand({ UserName: name }))).User;
      return user?.Arn ? { arn: user.Arn, id: user.UserId } : undefined;
    }
    if (type === "role") {
      const role = (await iam.send(new GetRoleCommand({ RoleName: name }))).Role;
      return role?.Arn ? { arn: role.Arn, id: role.RoleId } : undefined;
    }
    const group = (await iam.send(new GetGroupCommand({ GroupName: name, MaxItems: 1 }))).Group;
    return group?.Arn ? { arn: group.Arn, id: group.GroupId } : undefined;
  });
}

/** A user's, role's or group's ARN as IAM gives it (its account, partition and path), if it exists. */
export async function principalArn(
  iam: Iam,
  type: PrincipalState["type"],
  name: string,
): Promise<string | undefined> {
  return (await principalIdentity(iam, type, name))?.arn;
}

export async function readPolicy(iam: Iam, arn: string): Promise<PolicyState | undefined> {
  return orAbsent(async () => {
    const policy = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    const listed = await pages((Marker) =>
      iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn, Marker })),
    );
    const versions: PolicyState["versions"] = [];
    for (const v of listed.flatMap((p) => p.Versions ?? [])) {
      const out = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: v.VersionId }));
      versions.push({ versionId: v.VersionId!, document: decodePolicyDocument(out.PolicyVersion?.Document) });
    }
    // Without the filter, the principals the policy is a permissions boundary of are listed too,
    // though it is not attached to them (and cannot be detached from them).
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html
    const entities = await pages((Marker) =>
      iam.send(
        new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: "PermissionsPolicy", Marker }),
      ),
    );
    const attachedTo = entityNames(entities);
    return {
      arn,
      defaultVersionId: policy.Policy!.DefaultVersionId!,
      versions: versions.sort((a, b) => a.versionId.localeCompare(b.versionId)),
      attachedTo: attachedTo.sort(),
    };
  });
}

/**
 * The principals a managed policy is the permissions boundary of: IAM refuses to delete it while
 * any is. GetPolicy counts them, and only then are they listed by name.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_Policy.html
 */
export async function boundaryHolders(iam: Iam, arn: string): Promise<string[]> {
  const count = await orAbsent(
    async () =>
      (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.PermissionsBoundaryUsageCount,
  );
  if (!count) return [];
  const entities = await pages((Marker) =>
    iam.send(
      new ListEntitiesForPolicyCommand({ PolicyArn: arn, PolicyUsageFilter: "PermissionsBoundary", Marker }),
    ),
  );
  const named = entityNames(entities);
  return named.length > 0 ? named.sort() : [`${count} principal(s)`];
}

/** ListEntitiesForPolicy's pages as `user/NAME`, `role/NAME` and `group/NAME`. */
function entityNames(pages: readonly ListEntitiesForPolicyCommandOutput[]): string[] {
  return pages.flatMap((e) => [
    ...(e.PolicyUsers ?? []).map((u) => `user/${u.UserName}`),
    ...(e.PolicyRoles ?? []).map((r) => `role/${r.RoleName}`),
    ...(e.PolicyGroups ?? []).map((g) => `group/${g.GroupName}`),
  ]);
}
