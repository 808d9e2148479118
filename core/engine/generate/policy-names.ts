import { createHash } from "node:crypto";

export interface NamedPrincipal {
  arn: string;
  type: "user" | "role" | "group" | "permission-set";
  /** IAM path (`/`, `/ops/`); a permission set has none. */
  path: string;
  name: string;
}

/** IAM's policy name limit is 128 characters; `-N` for a split set must still fit. */
const MAX_BASE = 120;

/**
 * `whittle-<type>[-<path>]-<name>`: readable, and distinct for a user and a role of one name.
 * IAM's name characters leave no separator free, so names that could still meet (`ops-alice` at
 * `/` and `alice` at `/ops/`, `a` split in two and `a-2`, case, truncation) are told apart by a
 * hash of the principal's ARN.
 */
export function uniquePolicyBases(principals: readonly NamedPrincipal[]): Map<string, string> {
  const readable = new Map(principals.map((p) => [p.arn, readableBase(p)]));
  const claims = new Map<string, number>();
  for (const base of readable.values()) {
    const key = stem(base);
    claims.set(key, (claims.get(key) ?? 0) + 1);
  }
  const out = new Map<string, string>();
  for (const [arn, base] of readable) {
    const ambiguous = base.length > MAX_BASE || (claims.get(stem(base)) ?? 0) > 1;
    out.set(arn, ambiguous ? hashed(base, arn, 8) : base);
  }
  // A hashed name can be another principal's readable one (a role named after it), or two hashes
  // can meet: whoever still shares a name is hashed again, longer, until none does.
  for (let length = 8; length <= 64; length += 8) {
    const taken = new Map<string, number>();
    for (const name of out.values()) taken.set(stem(name), (taken.get(stem(name)) ?? 0) + 1);
    const clashing = [...out.keys()].filter((arn) => taken.get(stem(out.get(arn)!))! > 1);
    if (clashing.length === 0) break;
    for (const arn of clashing) out.set(arn, hashed(readable.get(arn)!, arn, length));
  }
  return out;
}

function hashed(base: string, arn: string, length: number): string {
  return `${base.slice(0, MAX_BASE - 1 - length)}-${hash(arn, length)}`;
}

/** The base name of one principal alone (a run names every principal through `uniquePolicyBases`). */
export function policyBase(principal: NamedPrincipal): string {
  return uniquePolicyBases([principal]).get(principal.arn)!;
}

export function policyNames(base: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => (count === 1 ? base : `${base}-${i + 1}`));
}

function readableBase(p: NamedPrincipal): string {
  const path = p.path.split("/").filter(Boolean);
  return ["whittle", p.type, ...path, p.name].join("-").replace(/[^\w+=,.@-]/g, "-");
}

/** What a base can collide on: IAM names ignore case, and `-N` suffixes mark split sets. */
function stem(base: string): string {
  return base.toLowerCase().replace(/-\d+$/, "");
}

/**
 * A Terraform identifier (letters, digits, `_`, `-`) that maps distinct policy names to distinct
 * identifiers: `_` is doubled and every other character is written `_` + its hex code.
 */
export function terraformId(name: string): string {
  const id = name.replace(/[^A-Za-z0-9-]/g, (c) => (c === "_" ? "__" : `_${c.charCodeAt(0).toString(16)}`));
  return /^[A-Za-z_]/.test(id) ? id : `_${id}`;
}

/**
 * A CloudFormation logical id (alphanumeric): the name's words in PascalCase, plus a hash of the
 * whole name, since dropping punctuation alone would merge `a-b` and `ab`.
 */
export function logicalId(name: string): string {
  const words = name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
  return `${/^[A-Za-z]/.test(words) ? "" : "Policy"}${words.slice(0, 200)}${hash(name, 8).toUpperCase()}`;
}

function hash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}
