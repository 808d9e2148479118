/**
 * An S3 object key may hold `*` and `?`, which a policy's Resource reads as wildcards: the key
 * `*` written as it is into `arn:aws:s3:::b/*` grants every object of the bucket. Such a key is
 * carried in IAM's escapes (`${*}`, `${?}`, and `${$}` for its `$`), so the engine reads the ARN as
 * a pattern matching that one key and a generated policy names it alone; unescapePolicyText gives
 * the key back where a request is replayed. Keys without either character stay as recorded.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-specialchars
 */
export function literalKey(key: string): string {
  if (!key.includes("*") && !key.includes("?")) return key;
  let out = "";
  for (const ch of key) out += ch === "*" || ch === "?" || ch === "$" ? `\${${ch}}` : ch;
  return out;
}

/** Whether text holds the escape of a `*` or `?` (literalKey's, which no pattern of ours writes otherwise). */
export function holdsEscapedWildcard(text: string): boolean {
  return text.includes("${*}") || text.includes("${?}");
}

/**
 * Whether text holds any of literalKey's escapes: a pattern generalized from an escaped key (its
 * folder `$tmp`, written `${$}tmp`, then `/*`) may keep only the `${$}` of its `$`, and is policy
 * text already.
 */
export function holdsEscape(text: string): boolean {
  return holdsEscapedWildcard(text) || text.includes("${$}");
}

const S3_OBJECT = /^(arn:[^:]+:s3:::[^/]+\/)(.+)$/;
const S3_ACCESS_POINT_OBJECT = /^(arn:[^:]+:s3:[^:]*:\d{12}:accesspoint\/[^/]+\/object\/)(.+)$/;

/** An S3 object ARN as CloudTrail lists it (bucket or access point), its key carried by literalKey. */
export function literalObjectArn(arn: string): string {
  if (!arn.includes("*") && !arn.includes("?")) return arn;
  const m = S3_OBJECT.exec(arn) ?? S3_ACCESS_POINT_OBJECT.exec(arn);
  return m ? m[1]! + literalKey(m[2]!) : arn;
}
