import { PolicyDecodeError, policyDocumentText } from "../policy/decode.js";
import { duplicateKeys } from "../policy/duplicate-keys.js";

/**
 * Warnings for the policy documents of one GetAccountAuthorizationDetails page that hold a key
 * twice in one object. Only documents still given as text can show it (the API's URL-encoded
 * strings); the AWS CLI prints documents already parsed, the last of each key kept.
 */
export function duplicateKeyWarnings(page: unknown, prefix: string): string[] {
  const warnings: string[] = [];
  // One scan per text: the same document is often inline in many principals.
  const scanned = new Map<string, string[]>();
  const check = (document: unknown, what: string) => {
    if (typeof document !== "string") return;
    let keys = scanned.get(document);
    if (keys === undefined) {
      try {
        keys = duplicateKeys(policyDocumentText(document));
      } catch (error) {
        // An unreadable document is reported where it is read.
        if (error instanceof PolicyDecodeError || error instanceof SyntaxError) return;
        throw error;
      }
      scanned.set(document, keys);
    }
    for (const key of keys)
      warnings.push(
        `${prefix}${what} holds the key ${JSON.stringify(key)} twice in one object: the audit reads the last one, and which one IAM enforces is not documented, so check this document by hand`,
      );
  };
  const inline = (owner: Record<string, unknown>, list: unknown) => {
    for (const p of records(list))
      check(p.PolicyDocument, `${text(owner.Arn)} inline policy ${text(p.PolicyName)}`);
  };
  const raw = record(page);
  for (const u of records(raw.UserDetailList)) inline(u, u.UserPolicyList);
  for (const g of records(raw.GroupDetailList)) inline(g, g.GroupPolicyList);
  for (const r of records(raw.RoleDetailList)) {
    inline(r, r.RolePolicyList);
    check(r.AssumeRolePolicyDocument, `${text(r.Arn)} trust policy`);
  }
  for (const p of records(raw.Policies)) {
    for (const v of records(p.PolicyVersionList))
      check(v.Document, `${text(p.Arn)} version ${text(v.VersionId)}`);
  }
  return warnings;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(record) : [];
}

function text(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "?");
}
