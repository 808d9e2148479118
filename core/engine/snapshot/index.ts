export { assembleSnapshot, type SnapshotParts } from "./assemble.js";
export { type CredentialReport, readCredentialReport } from "./credential-report.js";
export { toIsoDate } from "./dates.js";
export { SnapshotInputError } from "./errors.js";
export { type AuthorizationDetails, isAwsManagedPolicyArn, readAuthorizationDetails } from "./gaad.js";
export { looksLikeGaad } from "./gaad-schema.js";
export { parseJsonValues } from "./json-text.js";
export { readLastAccessedFile, readServiceLastAccessed } from "./last-accessed.js";
export * from "./model.js";
export { type OfflineInput, readOfflineSnapshot } from "./offline.js";
export { type RawPasswordPolicy, toPasswordPolicy } from "./password-policy.js";
export {
  type AppliedPolicy,
  inlineSource,
  type PrincipalPolicies,
  policiesOf,
} from "./policies-of.js";
export { groupsOfUser } from "./relation-index.js";
export {
  deserializeSnapshot,
  isSerializedSnapshot,
  serializeSnapshot,
  snapshotFromValue,
} from "./serialize.js";
export type { SnapshotSource } from "./source.js";
