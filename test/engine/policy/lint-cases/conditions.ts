import { allow, type Cases, doc, identity, when } from "./case.js";

const ok = when({ StringLike: { "s3:prefix": "home/*" } });
const ip = (operator: string, values: string[]) => when({ [operator]: { "aws:SourceIp": values } });

/** Condition keys, operators and values, and policy variables. */
export const CONDITIONS: Cases = {
  "variable-old-version": identity(
    { ...allow("s3:GetObject", "arn:aws:s3:::b/${aws:username}/*"), Version: "2008-10-17" },
    allow("s3:GetObject", "arn:aws:s3:::b/${aws:username}/*"),
  ),
  "variable-in-element": identity(allow("s3:${aws:username}", "*"), ok),
  "variable-missing-brace": identity(allow("s3:GetObject", "arn:aws:s3:::b/${aws:username/*"), ok),
  "variable-missing-quote": identity(
    allow("s3:GetObject", "arn:aws:s3:::b/${aws:PrincipalTag/team, none}/*"),
    allow("s3:GetObject", "arn:aws:s3:::b/${aws:PrincipalTag/team, 'none'}/*"),
  ),
  "variable-space": identity(allow("s3:GetObject", "arn:aws:s3:::b/${aws: username}/*"), ok),
  "variable-empty": identity(
    allow("s3:GetObject", "arn:aws:s3:::b/${}/*"),
    allow("s3:GetObject", "arn:aws:s3:::b/${*}/*"),
  ),
  "variable-for-operator": identity(
    when({ NumericLessThan: { "s3:max-keys": "${aws:username}" } }),
    when({ StringEquals: { "s3:prefix": "${aws:username}" } }),
  ),
  "unknown-condition-key": identity(when({ StringEquals: { "s3:nosuchkey": "x" } }), ok),
  "unknown-global-condition-key": identity(
    when({ StringEquals: { "aws:SourceIpAddress": "x" } }),
    when({ IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }),
  ),
  "invalid-condition-key-format": identity(when({ StringEquals: { prefix: "x" } }), ok),
  "deprecated-global-key": identity(when({ ArnEquals: { "aws:ARN": "arn:aws:iam::111122223333:role/x" } })),
  "missing-tag-key": identity(
    when({ StringEquals: { "aws:ResourceTag/": "x" } }, "ec2:StartInstances"),
    when({ StringEquals: { "aws:ResourceTag/team": "x" } }, "ec2:StartInstances"),
  ),
  "duplicate-condition-key-case": identity(
    when({ StringEquals: { "aws:username": "a", "aws:UserName": "b" } }),
    when({ StringEquals: { "aws:username": ["a", "b"] } }),
  ),
  "condition-key-not-applicable": identity(
    when({ StringEquals: { "s3:prefix": "a" } }, ["s3:ListBucket", "s3:GetBucketPolicy"]),
    ok,
  ),
  "condition-type-mismatch": identity(when({ NumericEquals: { "s3:prefix": "1" } }), ok),
  "condition-type-usable": identity(
    when({ StringEquals: { "aws:SourceArn": "arn:aws:s3:::b" } }),
    when({ ArnEquals: { "aws:SourceArn": "arn:aws:s3:::b" } }),
  ),
  "mixed-condition-value-types": identity(
    when({ StringEquals: { "aws:username": ["a", 1] } }),
    when({ StringEquals: { "aws:username": ["a", "1"] } }),
  ),
  "invalid-condition-value": identity(
    when({ ArnEquals: { "aws:SourceArn": "bucket" } }),
    when({ ArnEquals: { "aws:SourceArn": "arn:aws:s3:::b" } }),
  ),
  "invalid-bool-value": identity(
    when({ Bool: { "aws:SecureTransport": "yes" } }),
    when({ Bool: { "aws:SecureTransport": "true" } }),
  ),
  "invalid-date-value": identity(
    when({ DateLessThan: { "aws:CurrentTime": "next week" } }),
    when({ DateLessThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" } }),
  ),
  "invalid-number-value": identity(
    when({ NumericLessThan: { "s3:max-keys": "ten" } }),
    when({ NumericLessThan: { "s3:max-keys": "10" } }),
  ),
  "invalid-ip-value": identity(ip("IpAddress", ["203.0.113.0/40"]), ip("IpAddress", ["203.0.113.0/24"])),
  "invalid-binary-value": identity(
    when({ BinaryEquals: { "aws:username": "not base64!" } }),
    when({ BinaryEquals: { "aws:username": "QmluYXJ5" } }),
  ),
  "invalid-null-value": identity(
    when({ Null: { "aws:username": "yes" } }),
    when({ Null: { "aws:username": "true" } }),
  ),
  "multiple-bool-values": identity(
    when({ Bool: { "aws:SecureTransport": ["true", "false"] } }),
    when({ Bool: { "aws:SecureTransport": "true" } }),
  ),
  "wildcard-without-like": identity(when({ StringEquals: { "s3:prefix": "home/*" } }), ok),
  "missing-set-qualifier": identity(
    when({ StringEquals: { "aws:TagKeys": "team" } }, "ec2:CreateTags"),
    when({ "ForAllValues:StringEquals": { "aws:TagKeys": "team" } }, "ec2:CreateTags"),
  ),
  "for-all-values-single-key": identity(
    when({ "ForAllValues:StringEquals": { "aws:username": "a" } }),
    when({ StringEquals: { "aws:username": "a" } }),
  ),
  "empty-condition": identity(allow("s3:ListBucket", "arn:aws:s3:::b", { Condition: {} }), ok),
  "empty-condition-values": identity(when({ StringEquals: { "aws:username": [] } }), ok),
  "empty-for-all-values": identity(
    when({ "ForAllValues:StringEquals": { "aws:TagKeys": [] } }, "ec2:CreateTags"),
    ok,
  ),
  "empty-for-any-value": identity(
    when({ "ForAnyValue:StringEquals": { "aws:TagKeys": [] } }, "ec2:CreateTags"),
    ok,
  ),
  "empty-if-exists": identity(when({ StringEqualsIfExists: { "aws:username": [] } }), ok),
  "redundant-numeric-values": identity(
    when({ NumericLessThan: { "s3:max-keys": ["5", "10"] } }),
    when({ NumericLessThan: { "s3:max-keys": "10" } }),
  ),
  "private-ip": identity(
    ip("IpAddress", ["10.0.0.0/8", "192.168.1.0/24"]),
    ip("IpAddress", ["203.0.113.0/24"]),
  ),
  "private-not-ip": identity(ip("NotIpAddress", ["172.16.0.0/12"]), ip("NotIpAddress", ["203.0.113.0/24"])),
  "private-ip-subset": identity(
    ip("IpAddress", ["10.0.0.0/8", "203.0.113.0/24"]),
    ip("IpAddress", ["203.0.113.0/24"]),
  ),
  "private-not-ip-subset": identity(
    ip("NotIpAddress", ["fc00::/7", "2001:db8::/32"]),
    ip("NotIpAddress", ["2001:db8::/32"]),
  ),
  "ip-host-bits": identity(ip("IpAddress", ["203.0.113.7/24"]), ip("IpAddress", ["203.0.113.7/32"])),
  "invalid-vpc": identity(
    when({ StringEquals: { "aws:SourceVpc": "vpc-1" } }),
    when({ StringEquals: { "aws:SourceVpc": "vpc-0a1b2c3d" } }),
  ),
  "invalid-vpce": identity(
    when({ StringEquals: { "aws:SourceVpce": "vpc-0a1b2c3d" } }),
    when({ StringEquals: { "aws:SourceVpce": "vpce-0a1b2c3d4e5f60718" } }),
  ),
  "invalid-region-value": identity(
    when({ StringEquals: { "aws:RequestedRegion": "us-east" } }),
    when({ StringEquals: { "aws:RequestedRegion": "eu-west-1" } }),
  ),
  "tag-key-unsupported-deny": identity(
    doc({
      Effect: "Deny",
      Action: ["ec2:StartInstances", "sts:GetCallerIdentity"],
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceTag/team": "x" } },
    }),
    doc({
      Effect: "Deny",
      Action: "ec2:StartInstances",
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceTag/team": "x" } },
    }),
  ),
  "tag-key-unsupported-allow": identity(
    when({ StringEquals: { "aws:ResourceTag/team": "x" } }, ["ec2:StartInstances", "s3:ListAllMyBuckets"]),
    when({ StringEquals: { "aws:ResourceTag/team": "x" } }, "ec2:StartInstances"),
  ),
  "bad-mfa-condition": identity(
    when({ Bool: { "aws:MultiFactorAuthPresent": "false" } }),
    when({ Bool: { "aws:MultiFactorAuthPresent": "true" } }),
  ),
};
