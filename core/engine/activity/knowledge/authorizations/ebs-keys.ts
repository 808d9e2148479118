import { type DeriveContext, kmsKey, type ParameterRule } from "./types.js";

const REQUIREMENTS = "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption-requirements.html";

/**
 * What EC2 asks KMS for under the caller's identity to create a volume, snapshot or image
 * encrypted under a KMS key (EBS's "Permissions for users"): a grant for the volume's host, the
 * data key, the key's description, and the re-encryption of a copy made under another key.
 */
const ACTIONS = [
  "kms:CreateGrant",
  "kms:Decrypt",
  "kms:DescribeKey",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
];

/**
 * The key a request names for its new volumes. Which of the actions a call uses, the record does
 * not say (a re-encryption only when the source's key is another): inferred on that key, kept only
 * where granted today. A source's own key, which no record names, is left as the trail shows it.
 */
export const namedEbsKey = (parameter: string): ParameterRule => ({
  parameter,
  add: ACTIONS.map((action) => ({ action, resource: "kmsKey", inferred: true })),
  why: "EC2 uses the KMS key the request names under the caller's identity",
  source: REQUIREMENTS,
});

/** A key ARN, or a key id (a multi-Region key's `mrk-` one too). */
const KEY = /^(arn:[^:]+:kms:[^:]*:\d*:key\/.+|(mrk-)?[0-9a-f-]{32,36})$/i;

/**
 * The KMS keys an EC2 request names for its new volumes: its `kmsKeyId`, or a launch's block
 * devices'. A value that is no key (an Athena row says only that the parameter was set) names none,
 * and the actions keep today's scope.
 */
export function ebsKeys(ctx: DeriveContext): string[] {
  const key = (value: unknown) => (typeof value === "string" && KEY.test(value) ? kmsKey(ctx, value) : []);
  const own = key(ctx.params.kmsKeyId);
  if (own.length > 0) return own;
  const mapping = ctx.params.blockDeviceMapping as { items?: unknown } | undefined;
  const items = Array.isArray(mapping?.items) ? mapping.items : [];
  return [
    ...new Set(
      items.flatMap((item) => key((item as { ebs?: { kmsKeyId?: unknown } } | null)?.ebs?.kmsKeyId)),
    ),
  ];
}
