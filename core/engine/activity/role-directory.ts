/** What the snapshot knows of roles, to resolve roles a call passed by name or through an instance profile. */
export interface RoleDirectory {
  /** The ARN of the role with this name (IAM role names are unique in an account, whatever the path). */
  roleNamed(name: string): string | undefined;
  /** The roles in an instance profile given by ARN or name; undefined when the profile is unknown. */
  rolesOfInstanceProfile(profile: string): string[] | undefined;
}

export interface DirectoryRole {
  name: string;
  arn: string;
  instanceProfiles: readonly { name: string; arn: string }[];
}

/** GetAccountAuthorizationDetails lists each role's InstanceProfileList: the reverse index is built here. */
export function roleDirectory(roles: readonly DirectoryRole[]): RoleDirectory {
  const byName = new Map<string, string>();
  const profiles = new Map<string, string[]>();
  for (const role of roles) {
    byName.set(role.name, role.arn);
    for (const profile of role.instanceProfiles) {
      for (const key of [profile.name, profile.arn])
        profiles.set(key, [...(profiles.get(key) ?? []), role.arn]);
    }
  }
  return {
    roleNamed: (name) => byName.get(name),
    rolesOfInstanceProfile: (profile) =>
      profiles.get(profile) ?? profiles.get(profile.split("/").pop() ?? ""),
  };
}
