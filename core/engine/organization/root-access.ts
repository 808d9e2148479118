/**
 * What the organization run read of IAM's centralized root access, from the management or delegated
 * administrator account: which member accounts are IAM's delegated administrator
 * (organizations:ListDelegatedAdministrators for iam.amazonaws.com), and which of its features the
 * organization had enabled (iam:ListOrganizationsFeatures). Each is absent when it was not read.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListDelegatedAdministrators.html
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListOrganizationsFeatures.html
 */
export interface RootAccess {
  /** IAM's delegated administrator accounts, as read. */
  delegatedAdministrators?: readonly string[];
  /** Why the delegated administrators could not be read. */
  delegatedAdministratorsUnread?: string;
  /** `RootCredentialsManagement`, `RootSessions`: the features enabled when read. */
  enabledFeatures?: readonly string[];
}

/** The service principal IAM's delegated administrator is registered for. */
export const IAM_SERVICE_PRINCIPAL = "iam.amazonaws.com";

/**
 * Whether the organization had root sessions off when read: a fact of that moment only, as the
 * feature may be enabled at any time (iam:EnableOrganizationsRootSessions), so the paths stay.
 */
export function rootSessionsOff(rootAccess: RootAccess | undefined): boolean {
  return rootAccess?.enabledFeatures !== undefined && !rootAccess.enabledFeatures.includes("RootSessions");
}

/**
 * Where IAM's delegated administrator was not read, a member account is taken for it only when its
 * policies name sts:AssumeRoot (assume-root.ts): the reader must know that one allowed it only
 * through a wildcard may be missed.
 */
export function rootAccessWarnings(rootAccess: RootAccess | undefined): string[] {
  if (rootAccess?.delegatedAdministrators) return [];
  const why = rootAccess?.delegatedAdministratorsUnread ?? "not read";
  return [
    `IAM's delegated administrator is unknown (${why}): a member account is taken for it only where its policies name sts:AssumeRoot, so the paths to member root users from one whose principals are allowed sts:AssumeRoot only through a wildcard (*, sts:*) are not listed`,
  ];
}
