/** What the snapshot knows of IAM entities, to turn the names a call gives into ARNs with their paths. */
export interface RoleDirectory {
  /** The ARN of the role with this name (IAM role names are unique in an account, whatever the path). */
  roleNamed(name: string): string | undefined;
  /** The roles in an instance profile given by ARN or name; undefined when the profile is unknown. */
  rolesOfInstanceProfile(profile: string): string[] | undefined;
  /** The ARN, path included, of the user, group, role or instance profile with this name; undefined when unknown. */
  entityArn(type: IamEntityType, name: string): string | undefined;
  /**
   * A role ARN as a request wrote it, and the snapshot's spelling of that role where the two differ
   * in case alone: IAM names ignore case, so both name the role, and a call is allowed under a grant
   * of either spelling. No AWS page says which one a policy is matched against.
   */
  roleArnSpellings(arn: string): string[];
  /**
   * The ARN of the user with this unique id (`AIDA...`), which UpdateUser keeps while it changes
   * the user's name or path: records made before the change name the old ARN.
   */
  userWithId(id: string): string | undefined;
}

export type IamEntityType = "user" | "group" | "role" | "instance-profile";

export interface DirectoryRole {
  name: string;
  arn: string;
  instanceProfiles: readonly { name: string; arn: string }[];
}

export interface DirectoryEntity {
  name: string;
  arn: string;
  /** IAM's unique id, when known. */
  id?: string;
}

/** GetAccountAuthorizationDetails lists each role's InstanceProfileList: the reverse index is built here. */
export function roleDirectory(
  roles: readonly DirectoryRole[],
  others: { users?: readonly DirectoryEntity[]; groups?: readonly DirectoryEntity[] } = {},
): RoleDirectory {
  const byName = new Map<string, string>();
  const byLowerArn = new Map<string, string>();
  const profiles = new Map<string, string[]>();
  const entities = new Map<string, string>();
  for (const role of roles) {
    byName.set(role.name, role.arn);
    byLowerArn.set(role.arn.toLowerCase(), role.arn);
    entities.set(`role/${role.name}`, role.arn);
    for (const profile of role.instanceProfiles) {
      entities.set(`instance-profile/${profile.name}`, profile.arn);
      for (const key of [profile.name, profile.arn])
        profiles.set(key, [...(profiles.get(key) ?? []), role.arn]);
    }
  }
  const usersById = new Map<string, string>();
  for (const user of others.users ?? []) {
    entities.set(`user/${user.name}`, user.arn);
    if (user.id) usersById.set(user.id, user.arn);
  }
  for (const group of others.groups ?? []) entities.set(`group/${group.name}`, group.arn);
  return {
    roleNamed: (name) => byName.get(name),
    rolesOfInstanceProfile: (profile) =>
      profiles.get(profile) ?? profiles.get(profile.split("/").pop() ?? ""),
    entityArn: (type, name) => entities.get(`${type}/${name}`),
    roleArnSpellings: (arn) => {
      const known = byLowerArn.get(arn.toLowerCase());
      return known === undefined || known === arn ? [arn] : [arn, known];
    },
    userWithId: (id) => usersById.get(id),
  };
}
