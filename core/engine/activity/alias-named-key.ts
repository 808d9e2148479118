import type { ResourceRole } from "./knowledge/authorizations/types.js";
import { str } from "./knowledge/authorizations/types.js";
import type { CloudTrailEvent } from "./types.js";

/**
 * The resource roles of a KMS call whose key the call names by alias (`alias/NAME` or an alias
 * ARN): `target` for its `keyId`, and for a ReEncrypt, which takes either end by alias too, the
 * `destinationKey` and `sourceKey` its `destinationKeyId` and `sourceKeyId` name. IAM authorizes the
 * call on the key the alias points to that day, the key the record lists; but KMS's guide has
 * applications name keys by alias precisely so that a manual rotation only moves the alias to a new
 * key, and the same call then needs that key. So the call's key action keeps the scope it has today
 * (never more) rather than the one key seen, as a KMS key other services are given by alias does.
 * https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys-manually.html
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_ReEncrypt.html
 */
export function kmsRolesNamedByAlias(event: CloudTrailEvent): readonly ResourceRole[] {
  const params = event.requestParameters;
  if (!params || typeof params !== "object") return NONE;
  const { keyId, destinationKeyId, sourceKeyId } = params as Record<string, unknown>;
  if (keyId === undefined && destinationKeyId === undefined && sourceKeyId === undefined) return NONE;
  const roles: ResourceRole[] = [];
  if (isAlias(keyId)) roles.push("target");
  if (isAlias(destinationKeyId)) roles.push("destinationKey");
  if (isAlias(sourceKeyId)) roles.push("sourceKey");
  return roles;
}

const NONE: readonly ResourceRole[] = [];

function isAlias(value: unknown): boolean {
  const id = str(value);
  return id !== undefined && (id.startsWith("alias/") || id.includes(":alias/"));
}
