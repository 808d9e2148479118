/**
 * Whether an error listing resource control policies says the organization has none to read, not
 * that they could not be read. A root where the RCP type is not enabled answers with empty lists
 * (disabling a type detaches all its policies), so no error is needed for it; an endpoint that does
 * not know the type (a partition without RCPs) rejects the filter as an invalid policy type, and
 * an error naming the type as not enabled or not available says the same. Anything else (access
 * denied, throttling, a failure) leaves RCPs unknown, which the reader must be told.
 * https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListPoliciesForTarget.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/disable-policy-type.html
 */
export function isRcpTypeUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (
    error.name === "PolicyTypeNotEnabledException" ||
    error.name === "PolicyTypeNotAvailableForOrganizationException"
  )
    return true;
  return (
    error.name === "InvalidInputException" &&
    (error as { Reason?: string }).Reason === "INVALID_ENUM_POLICY_TYPE"
  );
}
