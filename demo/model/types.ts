import type { FindingKind } from "../../core/engine/findings/types.js";

export interface Statement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

export interface InlinePolicy {
  name: string;
  document: PolicyDocument;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface GroupSpec {
  name: string;
  created: string;
  /** Managed policy ARNs. */
  managed: string[];
  inline?: InlinePolicy[];
}

export interface AccessKeySpec {
  created: string;
  active: boolean;
}

export interface UserSpec {
  name: string;
  path?: string;
  created: string;
  groups: string[];
  managed?: string[];
  inline?: InlinePolicy[];
  tags?: Tag[];
  boundary?: string;
  /** A console password: when it was last set and whether an MFA device is active. */
  console?: { passwordChanged: string; mfa: boolean };
  keys?: AccessKeySpec[];
}

export interface RoleSpec {
  name: string;
  path?: string;
  created: string;
  trust: PolicyDocument;
  managed?: string[];
  inline?: InlinePolicy[];
  tags?: Tag[];
  boundary?: string;
  instanceProfile?: boolean;
  /** Last use before the window, for roles the trail never shows (IAM remembers 400 days). */
  usedBeforeWindow?: { date: string; region: string };
}

export interface CustomerPolicySpec {
  name: string;
  description: string;
  created: string;
  document: PolicyDocument;
}

/** A problem the demo plants on purpose, in the report's finding vocabulary. */
export interface PlantedProblem {
  kind: FindingKind;
  principalArn: string;
  why: string;
}
