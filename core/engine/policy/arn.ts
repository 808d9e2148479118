import {
  ANY,
  FIELD,
  FIELD_ONE,
  type GlobToken,
  globsIntersect,
  ONE,
  SEGMENT,
  tokensIntersect,
} from "./glob.js";

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon (may itself contain colons). */
  resource: string;
}

/**
 * Splits an ARN (or ARN pattern) at its colons, except those inside a policy variable such as
 * `${aws:PrincipalAccount}`, which would otherwise shift every later segment.
 */
export function arnSegments(value: string): string[] {
  return value.includes("${") ? value.split(/:(?![^{]*\})/) : value.split(":");
}

export function parseArn(value: string): Arn | undefined {
  const parts = arnSegments(value);
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  return {
    partition: parts[1]!,
    service: parts[2]!,
    region: parts[3]!,
    account: parts[4]!,
    resource: parts.slice(5).join(":"),
  };
}

/**
 * The partitions other than aws, by the prefix of their regions' names (us-isob-east-1 is in
 * aws-iso-b), as the AWS SDK's partition table (@aws-sdk/util-endpoints partitions.json) matches them.
 */
const REGION_PREFIXES: readonly (readonly [prefix: string, partition: string])[] = [
  ["cn-", "aws-cn"],
  ["us-gov-", "aws-us-gov"],
  ["us-iso-", "aws-iso"],
  ["us-isob-", "aws-iso-b"],
  ["eu-isoe-", "aws-iso-e"],
  ["us-isof-", "aws-iso-f"],
  ["eusc-", "aws-eusc"],
];

/** The partitions AWS documents: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html */
export const PARTITIONS: readonly string[] = ["aws", ...REGION_PREFIXES.map(([, partition]) => partition)];

/** The partition a region is in: every region is in exactly one, and aws holds all but those above. */
export function partitionOfRegion(region: string | undefined): string {
  if (typeof region !== "string") return "aws";
  let partition = PARTITION_OF.get(region);
  if (partition === undefined) {
    partition = "aws";
    for (const [prefix, name] of REGION_PREFIXES)
      if (region.startsWith(prefix)) {
        partition = name;
        break;
      }
    // Remembered: it is asked for every record. AWS has a few dozen regions; a made-up one is not
    // worth remembering forever.
    if (PARTITION_OF.size < 256) PARTITION_OF.set(region, partition);
  }
  return partition;
}

const PARTITION_OF = new Map<string, string>();

const PARTITION_NAMES = new Set(PARTITIONS);

/**
 * Whether a Principal value names the account's root, which stands for the account itself:
 * `arn:PARTITION:iam::ACCOUNT:root` in any partition AWS documents (arn:aws-us-gov in GovCloud).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts
 */
export function isAccountRoot(value: string, account: string): boolean {
  const tail = `:iam::${account}:root`;
  return (
    value.startsWith("arn:") && value.endsWith(tail) && PARTITION_NAMES.has(value.slice(4, -tail.length))
  );
}

/** Policy variables such as `${aws:username}`; `${*}`, `${?}` and `${$}` are escaped literals. */
export const POLICY_VARIABLE = /\$\{([^}]+)\}/g;
const LITERAL_ESCAPES: Record<string, string> = { "*": "*", "?": "?", $: "$" };

export function hasPolicyVariable(value: string): boolean {
  for (const match of value.matchAll(POLICY_VARIABLE)) if (!(match[1]! in LITERAL_ESCAPES)) return true;
  return false;
}

/**
 * Tokens of a policy Resource pattern. An unresolved policy variable could become any string
 * once the request is known, so for "could these overlap" questions it is a `*`: unknown, but
 * bounded by the rest of the pattern.
 */
export function policyPatternTokens(pattern: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  let i = 0;
  while (i < pattern.length) {
    if (pattern[i] === "$" && pattern[i + 1] === "{") {
      const end = pattern.indexOf("}", i);
      if (end > 0) {
        tokens.push(LITERAL_ESCAPES[pattern.slice(i + 2, end)] ?? ANY);
        i = end + 1;
        continue;
      }
    }
    tokens.push(charToken(pattern[i]!));
    i++;
  }
  return tokens;
}

const charToken = (ch: string): GlobToken => (ch === "*" ? ANY : ch === "?" ? ONE : ch);

/**
 * Tokens of the resource part of a catalog ARN format: `${BucketName}` cannot hold a `/` (an S3
 * bucket name never does), every other placeholder can be any string. A bare `*` (as in
 * third-party formats) is any string too.
 */
function formatResourceTokens(resource: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  let i = 0;
  while (i < resource.length) {
    if (resource[i] === "$" && resource[i + 1] === "{") {
      const end = resource.indexOf("}", i);
      if (end > 0) {
        tokens.push(resource.slice(i + 2, end) === "BucketName" ? SEGMENT : ANY);
        i = end + 1;
        continue;
      }
    }
    tokens.push(charToken(resource[i]!));
    i++;
  }
  return tokens;
}

const isPlaceholder = (part: string) => part === "*" || /^\$\{[^}]+\}$/.test(part);

/**
 * Whether a policy Resource pattern can name a resource of a catalog resource type (ARN format
 * such as `arn:${Partition}:s3:::${BucketName}`). In the partition, service, region and account
 * segments a placeholder must be filled (a real ARN of that type has a region there) and an empty
 * segment must stay empty; `*` in the policy covers anything. Used to decide which actions a
 * resource-scoped statement can grant at all.
 */
export function resourceMatchesFormat(pattern: string, format: string): boolean {
  if (pattern === "*" || format === "*") return true;
  const formatParts = format.split(":");
  const parts = arnSegments(pattern);
  if (formatParts.length < 6) return false;
  if (parts.length < 6) {
    // A wildcard such as `arn:aws:*` spans several segments: compare the whole strings.
    return tokensIntersect(policyPatternTokens(pattern), formatResourceTokens(format));
  }
  const formatResource = formatParts.slice(5).join(":");
  const formatId = formatResourceTokens(formatResource);
  if (alignsFrom(parts, formatParts, formatId, 0, 0, false)) return true;
  // A `*` standing for several of the five segments before the resource, colons and all, shows
  // itself by the resource-type word (`log-group`) written where a region or account stands:
  // `arn:aws:logs:*:log-group:x:*` names the region and the account with one `*`, as evaluation
  // matches it. Such a pattern is aligned again with its `*` over each run of those segments.
  const typeWord = /^([A-Za-z][\w-]*)[:/]/.exec(formatResource)?.[1];
  const written = typeWord && parts.slice(1, 5).some((p) => p === typeWord || p.startsWith(`${typeWord}/`));
  if (written && alignsFrom(parts, formatParts, formatId, 0, 0, true)) return true;
  return matchesColonlessArn(pattern, formatParts);
}

/**
 * Whether the pattern, a plain string whose `*` crosses colons as evaluation reads it, matches
 * some ARN of the format whose every colon is one the format writes: its placeholders filled
 * without colons, those before the resource not empty. So a `*` may stand for the account, a colon
 * and the resource-type word without writing it: `arn:aws:logs:*:*:/secret:*` names the streams
 * of log group `/secret`, `arn:aws:secretsmanager:*:*:prod/*` the secrets `prod/…`. Colons only
 * where the format has them keep `…:instance/*` from landing inside a volume's id.
 */
function matchesColonlessArn(pattern: string, formatParts: readonly string[]): boolean {
  const tokens: GlobToken[] = [];
  formatParts.forEach((part, i) => {
    if (i > 0) tokens.push(":");
    for (const token of formatResourceTokens(part)) {
      if (token !== ANY) tokens.push(token);
      else if (i < 5) tokens.push(FIELD_ONE, FIELD);
      else tokens.push(FIELD);
    }
  });
  return tokensIntersect(policyPatternTokens(pattern), tokens);
}

/**
 * Whether pattern segments from `at` can name the format's segments from `position` on, each
 * segment against its own; with `absorb`, a segment holding a `*` (or a variable) may also stand
 * for a run of the five segments before the resource.
 */
function alignsFrom(
  parts: readonly string[],
  formatParts: readonly string[],
  formatId: readonly GlobToken[],
  at: number,
  position: number,
  absorb: boolean,
): boolean {
  if (position === 5) return tokensIntersect(policyPatternTokens(parts.slice(at).join(":")), formatId);
  if (at >= parts.length) return false;
  const have = parts[at]!;
  if (
    segmentFits(have, formatParts[position]!) &&
    alignsFrom(parts, formatParts, formatId, at + 1, position + 1, absorb)
  )
    return true;
  if (!absorb || (!have.includes("*") && !have.includes("${"))) return false;
  for (let last = position + 1; last < 5; last++) {
    const run = formatParts.slice(position, last + 1).join(":");
    if (
      tokensIntersect(policyPatternTokens(have), formatResourceTokens(run)) &&
      alignsFrom(parts, formatParts, formatId, at + 1, last + 1, absorb)
    )
      return true;
  }
  return false;
}

/** One of the five segments before the resource: a placeholder must be filled, a literal must meet. */
function segmentFits(have: string, want: string): boolean {
  if (have === "*") return true;
  if (isPlaceholder(want)) return have !== "";
  return globsIntersect(have, want);
}

/**
 * Stricter than matching: AWS does not allow a wildcard inside the resource-type word of an ARN
 * (`arn:aws:iam::123456789012:u*`), nor extra colons in the resource type where the format has none. See
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export function resourceStrictlyMatchesFormat(pattern: string, format: string): boolean {
  if (!resourceMatchesFormat(pattern, format)) return false;
  if (pattern === "*" || format === "*") return true;
  const formatId = format.split(":").slice(5).join(":");
  const patternId = arnSegments(pattern).slice(5).join(":");
  const typeWord = /^([^*$][\w-]+)[/:].+/.exec(formatId);
  if (typeWord && patternId !== "*" && !patternId.startsWith(typeWord[1]!)) return false;
  // A colon only counts before the first slash, in the resource type: past it, a name such as an
  // S3 object key may hold one (`logs/2024-01-01T00:00:00Z/*`).
  const typePart = (id: string) => id.split("/")[0]!;
  const withoutVariables = typePart(patternId.replace(/\$\{aws[.:][\w/]+\}/g, ""));
  return !(withoutVariables.includes(":") && !typePart(formatId).includes(":"));
}

/** A region code, in any partition: us-east-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1. */
export function isValidRegion(value: string): boolean {
  return value === "" || /^([a-z]{2}(-gov|-iso[a-z]*)?|eusc-[a-z]{2})-[a-z]+-\d$/.test(value);
}

export function isValidAccountId(value: string): boolean {
  return value === "" || /^\d{12}$/.test(value);
}
