import { str } from "./knowledge/authorizations/types.js";
import type { CloudTrailEvent } from "./types.js";

/**
 * Whether a KMS call names its key by alias (`keyId` `alias/NAME` or an alias ARN). IAM authorizes
 * it on the key the alias points to that day, the key the record lists; but KMS's guide has
 * applications name keys by alias precisely so that a manual rotation only moves the alias to a new
 * key, and the same call then needs that key. So the call's key action keeps the scope it has today
 * (never more) rather than the one key seen, as a KMS key other services are given by alias does.
 * https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys-manually.html
 */
export function namesKmsKeyByAlias(event: CloudTrailEvent): boolean {
  const params = event.requestParameters;
  if (!params || typeof params !== "object") return false;
  const id = str((params as { keyId?: unknown }).keyId);
  return id !== undefined && (id.startsWith("alias/") || id.includes(":alias/"));
}
