/**
 * A call to IAM or STS failed in a way the collector cannot work around (the account cannot be
 * identified, or its authorization details cannot be read). Optional data that fails (credential
 * report, last accessed, aliases) becomes a warning in the snapshot instead.
 */
export class IamCollectionError extends Error {
  override readonly name = "IamCollectionError";
  readonly api: string;

  constructor(api: string, cause: unknown) {
    super(`${api} failed: ${describeAwsError(cause)}`, { cause });
    this.api = api;
  }
}

/** "AccessDenied: User ... is not authorized" — the SDK error's name and message, on one line. */
export function describeAwsError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const message = error.message.split("\n")[0] ?? "";
  const name = error.name === "Error" && status ? `HTTP ${status}` : error.name;
  return `${name}: ${message}`;
}

/**
 * The endpoint does not implement the API: an error code saying so, or a server error whose body is
 * not even an AWS error document (moto answers unimplemented IAM actions with an HTML 500 page).
 */
export function isNotImplemented(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (
    ["NotImplemented", "NotImplementedException", "InvalidAction", "UnknownOperationException"].includes(
      error.name,
    )
  ) {
    return true;
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
  return error.name === "Error" && status >= 500;
}
