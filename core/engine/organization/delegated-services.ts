/**
 * Which member accounts the organization registered as the delegated administrator of the
 * services that deploy into, or sign in to, its accounts (organizations:ListDelegatedAdministrators
 * for each service principal): CloudFormation StackSets and IAM Identity Center. Each is absent
 * when it was not read, with `unread` saying why where a read failed.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListDelegatedAdministrators.html
 */
export interface DelegatedServices {
  stackSets?: DelegatedAdministrators;
  identityCenter?: DelegatedAdministrators;
}

export type DelegatedAdministrators = { accounts: readonly string[] } | { unread: string };

/** The service principals each service's delegated administrator is registered for. */
export const DELEGATED_SERVICE_PRINCIPALS = {
  stackSets: "member.org.stacksets.cloudformation.amazonaws.com",
  identityCenter: "sso.amazonaws.com",
} as const satisfies Record<keyof DelegatedServices, string>;

const NAMES: Record<keyof DelegatedServices, string> = {
  stackSets: "CloudFormation StackSets",
  identityCenter: "IAM Identity Center",
};

/** The accounts read as the service's delegated administrator; none where they were not read. */
export function delegatedAccounts(services: DelegatedServices | undefined, service: keyof DelegatedServices) {
  const read = services?.[service];
  return read && "accounts" in read ? read.accounts : [];
}

/** Each service whose delegated administrator could not be read: paths from it are not listed. */
export function delegatedServiceWarnings(services: DelegatedServices | undefined): string[] {
  return (Object.keys(NAMES) as (keyof DelegatedServices)[]).flatMap((service) => {
    const read = services?.[service];
    return read && "unread" in read
      ? [
          `${NAMES[service]}'s delegated administrator is unknown (${read.unread}): paths from a member account that administers it are not listed`,
        ]
      : [];
  });
}
