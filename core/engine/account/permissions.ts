import type { Catalog } from "../catalog/catalog.js";
import { problemOf } from "../policy/lint/codes.js";
import { parsePolicy } from "../policy/parse.js";
import { type PolicyInput, PrincipalPermissions } from "../policy/principal-permissions.js";
import type { RcpInput } from "../policy/resource-control.js";
import type { ParsedPolicy, Policy, PolicyProblem } from "../policy/types.js";
import { documentText } from "../snapshot/document-text.js";
import type { Principal, Role, ServiceControlPolicy, Snapshot } from "../snapshot/model.js";
import { isServiceLinked } from "../snapshot/model.js";
import { policiesOf, trustSource } from "../snapshot/policies-of.js";
import { partlyReadBoundary, unreadBoundary } from "./unread-boundary.js";

/** A policy document of the account that IAM would not accept as it stands (or could not be read). */
export interface PolicyDefect {
  source: string;
  problems: PolicyProblem[];
}

export interface PrincipalAccess {
  principal: Principal;
  type: "user" | "group" | "role";
  permissions: PrincipalPermissions;
  /**
   * Attached policies the snapshot has no document for, and documents with errors (their broken
   * statements are left out): the principal's permissions are then known only in part.
   */
  missing: string[];
  defects: PolicyDefect[];
}

/**
 * Every principal's permissions, compiled once per audit. Managed policy documents are parsed once
 * however many principals share them.
 */
export class AccountPermissions {
  readonly catalog: Catalog;
  readonly snapshot: Snapshot;
  private readonly parsed = new Map<string, { policy?: Policy; problems: PolicyProblem[] }>();
  private readonly byText = new Map<string, Map<string, { policy?: Policy; problems: PolicyProblem[] }>>();
  private readonly byArn = new Map<string, PrincipalAccess>();
  private readonly principals = new Map<string, { principal: Principal; type: PrincipalAccess["type"] }>();
  /** Trust policies by role ARN: escalation asks for a role's once per principal that may assume it. */
  private readonly trusts = new Map<string, { policy?: Policy; problems: PolicyProblem[] }>();

  constructor(catalog: Catalog, snapshot: Snapshot) {
    this.catalog = catalog;
    this.snapshot = snapshot;
    for (const principal of snapshot.users) this.principals.set(principal.arn, { principal, type: "user" });
    for (const principal of snapshot.roles) this.principals.set(principal.arn, { principal, type: "role" });
    for (const principal of snapshot.groups) this.principals.set(principal.arn, { principal, type: "group" });
  }

  /** All users, roles and groups, in snapshot order. */
  all(): PrincipalAccess[] {
    const { users, roles, groups } = this.snapshot;
    return [...users, ...roles, ...groups].map((p) => this.of(p.arn)!);
  }

  of(principalArn: string): PrincipalAccess | undefined {
    const cached = this.byArn.get(principalArn);
    if (cached) return cached;
    const applied = policiesOf(this.snapshot, principalArn);
    const found = this.principals.get(principalArn);
    if (!applied || !found) return undefined;
    const defects: PolicyDefect[] = [];
    const read = (source: string, document: unknown, kind: "identity" | "scp") => {
      const { policy, problems } = this.parse(source, document, kind);
      const errors = problems.filter((p) => p.severity === "error");
      if (errors.length > 0) defects.push({ source, problems: errors });
      return { input: policy ? { source, policy } : undefined, errors };
    };
    const toInput = (source: string, document: unknown, kind: "identity" | "scp") =>
      read(source, document, kind).input;
    const identity = applied.identity
      .map((p) => toInput(p.source, p.document, "identity"))
      .filter((p): p is PolicyInput => p !== undefined);
    const boundaryArn = found.type === "group" ? undefined : (found.principal as Role).permissionsBoundaryArn;
    const boundary = applied.boundary && read(applied.boundary.source, applied.boundary.document, "identity");
    // A boundary named but not read caps by what no one has seen: unknown, not absent; read in
    // part, by what was read and the unknown for the rest.
    const capped = boundary?.input
      ? partlyReadBoundary(boundary.input, boundary.errors)
      : boundaryArn
        ? unreadBoundary(boundaryArn)
        : undefined;
    const scps = this.scpsOver(found.principal)?.map((level) =>
      level.map((p) => toInput(p.arn, p.document, "scp")).filter((p): p is PolicyInput => p !== undefined),
    );
    const access: PrincipalAccess = {
      principal: found.principal,
      type: found.type,
      permissions: new PrincipalPermissions(this.catalog, {
        identity,
        ...(capped ? { boundary: capped } : {}),
        ...(scps ? { scps } : {}),
      }),
      missing: applied.missing,
      defects,
    };
    this.byArn.set(principalArn, access);
    return access;
  }

  /**
   * The SCP levels that cap a principal: none in the management account or for a service-linked
   * role, which SCPs do not affect, nor when a node of the account's path holds no SCP. While the
   * SCP policy type is enabled every root, OU and account holds at least one, and disabling it
   * detaches them all: a node without one says SCPs are not in force, not that they allow nothing.
   * https://docs.aws.amazon.com/organizations/latest/userguide/disable-policy-type.html
   */
  private scpsOver(principal: Principal): ServiceControlPolicy[][] | undefined {
    const org = this.snapshot.organization;
    if (!org || org.scpLevels.length === 0) return undefined;
    if (org.scpLevels.some((level) => level.policies.length === 0)) return undefined;
    if (org.managementAccountId === this.snapshot.accountId) return undefined;
    if (isServiceLinked(principal)) return undefined;
    return org.scpLevels.map((level) => level.policies);
  }

  /**
   * The RCPs over the account's resources, parsed (as resource policies: they name a Principal);
   * undefined when they were not collected or the account is the management account, which RCPs
   * do not affect. A broken RCP is left out (IAM would not have accepted it either).
   */
  resourceControlPolicies(): RcpInput[] | undefined {
    const org = this.snapshot.organization;
    if (!org?.rcpLevels || org.managementAccountId === this.snapshot.accountId) return undefined;
    return org.rcpLevels.flatMap((level) =>
      level.policies.flatMap((p) => {
        const { policy } = this.parse(p.arn, p.document, "resource");
        return policy ? [{ source: p.arn, policy }] : [];
      }),
    );
  }

  /** A role's trust policy, parsed as one (no Resource; Principal required). */
  trustPolicyOf(roleArn: string): { policy?: Policy; problems: PolicyProblem[] } | undefined {
    const known = this.trusts.get(roleArn);
    if (known) return known;
    const found = this.principals.get(roleArn);
    if (found?.type !== "role") return undefined;
    const trust = this.parse(trustSource(roleArn), (found.principal as Role).trustPolicy, "trust");
    this.trusts.set(roleArn, trust);
    return trust;
  }

  /**
   * Parsed once per source, and once per document text: accounts copy documents between policies,
   * and identical statements then share their compiled action sets.
   */
  private parse(source: string, document: unknown, kind: "identity" | "trust" | "scp" | "resource") {
    const key = `${kind}:${source}`;
    let hit = this.parsed.get(key);
    if (!hit) {
      // By kind, then by text: no key joining the two, which would copy every document's text.
      let ofKind = this.byText.get(kind);
      if (!ofKind) {
        ofKind = new Map();
        this.byText.set(kind, ofKind);
      }
      const text = readable(() => documentText(document));
      hit = text === undefined ? undefined : ofKind.get(text);
      if (!hit) {
        hit = readable(() => parsePolicy(document, { kind })) ?? TOO_DEEP;
        if (text !== undefined) ofKind.set(text, hit);
      }
      this.parsed.set(key, hit);
    }
    return hit;
  }
}

/**
 * JSON.parse reads a document of any depth; writing it as text and parsing it walk it recursively.
 * One nested deeper than the call stack is an unreadable policy of its principal (a defect, as for
 * any policy IAM would refuse), not a failed audit.
 */
const TOO_DEEP: ParsedPolicy = {
  problems: [problemOf("malformed-json", "", "the document nests too deeply to read")],
};

function readable<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
