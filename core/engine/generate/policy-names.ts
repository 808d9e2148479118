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
  const claims = claimed(readable.values());
  const out = new Map<string, string>();
  for (const [arn, base] of readable) {
    const ambiguous = base.length > MAX_BASE || keys(base).some((key) => claims.get(key)! > 1);
    out.set(arn, ambiguous ? hashed(base, arn, 8) : base);
  }
  // A hashed name can be another principal's readable one (a role named after it), or two hashes
  // can meet: whoever still shares a name is hashed again, longer, until none does.
  for (let length = 8; length <= 64; length += 8) {
    const taken = claimed(out.values());
    const clashing = [...out.keys()].filter((arn) => keys(out.get(arn)!).some((key) => taken.get(key)! > 1));
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

/**
 * What a base can collide on: IAM names ignore case, and a base writes itself or itself plus `-N`
 * (a split set). So two bases meet when one is the other, one is the other plus `-N`, or both are
 * one stem plus `-N`: the base and its stem, lower-cased, are its keys, and no key may be shared.
 * (Comparing stems alone misses `node-1`, split into `node-1-1` and `node-1-2`, beside `node-1-2`.)
 */
function keys(base: string): string[] {
  const lower = base.toLowerCase();
  const stem = lower.replace(/-\d+$/, "");
  return stem === lower ? [lower] : [lower, stem];
}

/** How many bases claim each key. */
function claimed(bases: Iterable<string>): Map<string, number> {
  const claims = new Map<string, number>();
  for (const base of bases) for (const key of keys(base)) claims.set(key, (claims.get(key) ?? 0) + 1);
  return claims;
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
