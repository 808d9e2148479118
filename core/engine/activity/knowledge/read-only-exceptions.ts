/**
 * Actions whose CloudTrail events are not flagged `readOnly` as their access level suggests: a
 * trail logging only read (or only write) events records them on the other side, or on both (an
 * object copy, a write event, reads its source under s3:GetObject). CloudTrail sets the flag per event, not from the Service Authorization Reference's access
 * level (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html#read-write-events-mgmt).
 * Such an action is observable only where both read and write events are logged: otherwise a trail
 * that never records it would have it called unused, and removed.
 */
export const READ_ONLY_EXCEPTIONS: readonly { action: string; readOnly: boolean; source: string }[] = [
  ...[
    ["kms:Decrypt", "ct-decrypt"],
    ["kms:Encrypt", "ct-encrypt"],
    ["kms:GenerateDataKey", "ct-generatedatakey"],
    ["kms:GenerateDataKeyWithoutPlaintext", "ct-generatedatakeyplaintext"],
    ["kms:GenerateMac", "ct-generatemac"],
    ["kms:VerifyMac", "ct-verifymac"],
    ["kms:Verify", "ct-verify"],
    ["kms:Sign", "ct-sign"],
    ["kms:ReEncryptFrom", "ct-reencrypt"],
    ["kms:ReEncryptTo", "ct-reencrypt"],
    ["kms:GenerateDataKeyPair", "ct-generatedatakeypair"],
    ["kms:GenerateDataKeyPairWithoutPlaintext", "ct-generatedatakeypairwithoutplaintext"],
    ["kms:GenerateRandom", "ct-generaterandom"],
  ].map(([action, page]) => ({
    action: action!,
    readOnly: true,
    source: `https://docs.aws.amazon.com/kms/latest/developerguide/${page}.html (Write access level)`,
  })),
  {
    action: "sts:AssumeRole",
    readOnly: true,
    source: "test/data/cloudtrail: AssumeRole records (Write access level)",
  },
  {
    action: "cloudtrail:StartLogging",
    readOnly: true,
    source: "test/data/cloudtrail: StartLogging records (Write access level)",
  },
  ...["s3:GetObject", "s3:GetObjectVersion"].map((action) => ({
    action,
    readOnly: false,
    source:
      "CopyObject and UploadPartCopy, write data events, read their source under it (authorizations/s3.ts; Read access level)",
  })),
  // No documented entry for these: STS logs its AssumeRole as read-only. Listed either way, they
  // stay observable only where both read and write events are logged, right whichever side they are on.
  // AssumeRoleWithSAML and AssumeRoleWithWebIdentity as AssumeRole: records of them seen in public
  // samples are read-only, and on either side they must be logged to be seen.
  ...[
    "sts:GetFederationToken",
    "sts:DecodeAuthorizationMessage",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
  ].map((action) => ({
    action,
    readOnly: true,
    source:
      "inferred, not documented: test/data/cloudtrail AssumeRole records are read-only (Write access level)",
  })),
  {
    action: "wafv2:ListWebACLs",
    readOnly: false,
    source: "test/data/cloudtrail: ListWebACLs records (List access level)",
  },
];
