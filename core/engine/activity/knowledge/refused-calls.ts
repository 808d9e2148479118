/**
 * CloudTrail error codes of calls AWS refused before or at authorization: the principal tried the
 * action, but the record is no evidence that its policies allow it. Matched as regular expressions
 * (Java-compatible, so Athena's `regexp_like` reads the same table) against `errorCode`.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html (every service's common errors)
 */
export const REFUSED_ERROR_CODES: readonly { pattern: string; example: string; why: string }[] = [
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
  },
  {
    pattern: "^InvalidAccessKeyId",
    example: "InvalidAccessKeyId",
    why: "Amazon S3: the access key is not known",
  },
  {
    pattern: "^SignatureDoesNotMatch",
    example: "SignatureDoesNotMatch",
    why: "the request's signature is wrong: not authenticated",
  },
  {
    pattern: "^IncompleteSignature",
    example: "IncompleteSignature",
    why: "the request's signature is malformed: not authenticated",
  },
  {
    pattern: "^MissingAuthenticationToken",
    example: "MissingAuthenticationToken",
    why: "the request carries no credentials",
  },
  {
    pattern: "^RequestExpired",
    example: "RequestExpired",
    why: "the signed request arrived too late: not authenticated",
  },
  { pattern: "AuthFailure", example: "AuthFailure", why: "EC2: the credentials could not be validated" },
];

/** The table as one alternation, for the engine and for the Athena query alike. */
export const REFUSED_ERROR_PATTERN = REFUSED_ERROR_CODES.map((c) => c.pattern).join("|");
