/**
 * CloudTrail error codes of calls AWS refused before or at authorization: the principal tried the
 * action, but the record is no evidence that its policies allow it. Matched as regular expressions
 * (Java-compatible, so Athena's `regexp_like` reads the same table) against `errorCode`.
 *
 * `unauthenticated`: refused before the signer was proven (a wrong signature, a key AWS does not
 * know). The identity in such a record is only what the request claimed, a key id being no
 * secret: it is neither the identity's use nor a refusal of one of its permissions.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html (every service's common errors)
 */
export const REFUSED_ERROR_CODES: readonly {
  pattern: string;
  example: string;
  why: string;
  unauthenticated?: true;
}[] = [
  {
    pattern: "AccessDenied",
    example: "VpceAccessDenied",
    why: "AccessDenied, AccessDeniedException, VpceAccessDenied: authorization refused",
  },
  {
    pattern: "UnauthorizedOperation",
    example: "Client.UnauthorizedOperation",
    why: "EC2's refusal, also as Client.UnauthorizedOperation",
  },
  { pattern: "^Unauthorized", example: "UnauthorizedException", why: "UnauthorizedException and kin" },
  {
    pattern: "^NotAuthorized",
    example: "NotAuthorized",
    why: "the common error NotAuthorized: no permission to perform the action",
  },
  {
    pattern: "^AuthorizationError",
    example: "AuthorizationError",
    why: "Amazon SNS's refusal (not authorized to perform sns:...)",
  },
  {
    pattern: "ExpiredToken",
    example: "ExpiredTokenException",
    why: "ExpiredToken(Exception): the session's credentials had expired",
  },
  {
    pattern: "InvalidClientTokenId",
    example: "CloudTrailInvalidClientTokenIdException",
    why: "the access key is not known (also CloudTrailInvalidClientTokenIdException)",
    unauthenticated: true,
  },
  {
    pattern: "^InvalidAccessKeyId",
    example: "InvalidAccessKeyId",
    why: "Amazon S3: the access key is not known",
    unauthenticated: true,
  },
  {
    pattern: "^SignatureDoesNotMatch",
    example: "SignatureDoesNotMatch",
    why: "the request's signature is wrong: not authenticated",
    unauthenticated: true,
  },
  {
    pattern: "^InvalidSignature",
    example: "InvalidSignatureException",
    why: "the JSON-protocol services' (DynamoDB, KMS, Lambda...) SignatureDoesNotMatch",
    unauthenticated: true,
  },
  {
    pattern: "^UnrecognizedClient",
    example: "UnrecognizedClientException",
    why: "the JSON-protocol services: the access key id or the secret key is not valid",
    unauthenticated: true,
  },
  {
    pattern: "^IncompleteSignature",
    example: "IncompleteSignature",
    why: "the request's signature is malformed: not authenticated",
    unauthenticated: true,
  },
  {
    pattern: "^MissingAuthenticationToken",
    example: "MissingAuthenticationToken",
    why: "the request carries no credentials",
    unauthenticated: true,
  },
  {
    pattern: "^RequestExpired",
    example: "RequestExpired",
    // Not unauthenticated: a skewed clock refuses a request whose signature may hold, and calling
    // its key unused is the error that breaks a workload.
    why: "the request's date is out of bounds: refused whether or not its signature held",
  },
  {
    pattern: "AuthFailure",
    example: "AuthFailure.ServiceLinkedRoleCreationNotPermitted",
    // EC2 also answers AuthFailure to a known caller for what it may not do (an address not its
    // own, a service-linked role it may not create): not a refusal that authenticated no one.
    why: "EC2: the credentials could not be validated, or the caller may not do this",
  },
];

/** The table as one alternation, for the engine and for the Athena query alike. */
export const REFUSED_ERROR_PATTERN = REFUSED_ERROR_CODES.map((c) => c.pattern).join("|");

/** The refusals that authenticated no one, as one alternation. */
export const UNAUTHENTICATED_ERROR_PATTERN = REFUSED_ERROR_CODES.filter((c) => c.unauthenticated)
  .map((c) => c.pattern)
  .join("|");
