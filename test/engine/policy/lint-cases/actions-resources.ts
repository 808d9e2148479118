import { allow, type Cases, doc, identity } from "./case.js";

const role = "arn:aws:iam::111122223333:role/app";

/** Actions, resources and ARNs. */
export const ACTIONS_RESOURCES: Cases = {
  "unknown-service": identity(allow("s4:GetObject", "*"), allow("s3:GetObject", "arn:aws:s3:::b/*")),
  "unknown-action": identity(
    allow("s3:GetObjekt", "arn:aws:s3:::b/*"),
    allow("s3:GetObject", "arn:aws:s3:::b/*"),
  ),
  "wildcard-in-service": identity(allow("s3*:GetObject", "*"), allow("s3:Get*", "arn:aws:s3:::b/*")),
  "redundant-action": identity(
    allow(["s3:GetObject", "s3:Get*"], "arn:aws:s3:::b/*"),
    allow("s3:Get*", "arn:aws:s3:::b/*"),
  ),
  "redundant-resource": identity(
    allow("s3:GetObject", ["arn:aws:s3:::b/*", "arn:aws:s3:::b/x"]),
    allow("s3:GetObject", "arn:aws:s3:::b/*"),
  ),
  "redundant-statement": identity(
    doc(
      { Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
      { Sid: "B", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
    ),
    doc(
      { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
      { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/*" },
    ),
  ),
  "pass-role-wildcard": identity(
    doc({ Effect: "Allow", NotAction: "s3:*", NotResource: role }),
    allow("iam:PassRole", role),
  ),
  "create-slr-wildcard": identity(
    allow("iam:CreateServiceLinkedRole", "*"),
    allow(
      "iam:CreateServiceLinkedRole",
      "arn:aws:iam::111122223333:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS",
    ),
  ),
  "wildcard-only-action-with-resource": identity(
    allow("s3:ListAllMyBuckets", "arn:aws:s3:::b"),
    allow("s3:ListAllMyBuckets", "*"),
  ),
  "action-resource-mismatch": identity(
    allow(["s3:ListBucket", "s3:GetObject"], "arn:aws:s3:::b/*"),
    allow(["s3:ListBucket", "s3:GetObject"], ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]),
  ),
  "resource-mismatch": identity(
    allow("s3:GetObject", ["arn:aws:s3:::b/*", "arn:aws:s3:::b"]),
    allow("s3:GetObject", "arn:aws:s3:::b/*"),
  ),
  "resource-star": identity(allow("s3:GetObject", "*"), allow("s3:GetObject", "arn:aws:s3:::b/*")),
  "invalid-arn": identity(
    allow("iam:GetUser", "arn:aws:iam::111122223333:u*"),
    allow("iam:GetUser", "arn:aws:iam::111122223333:user/*"),
  ),
  "missing-arn-field": identity(
    allow("s3:GetObject", "arn:aws:s3:b"),
    allow("s3:GetObject", "arn:aws:s3:::b/*"),
  ),
  "invalid-partition": identity(
    allow("s3:GetObject", "arn:amazon:s3:::b/*"),
    allow("s3:GetObject", "arn:aws-cn:s3:::b/*"),
  ),
  "invalid-arn-region": identity(
    allow("ec2:StartInstances", "arn:aws:ec2:moon-1:111122223333:instance/*"),
    allow("ec2:StartInstances", "arn:aws:ec2:us-east-1:111122223333:instance/*"),
  ),
  "invalid-arn-account": identity(
    allow("ec2:StartInstances", "arn:aws:ec2:us-east-1:1111:instance/*"),
    allow("ec2:StartInstances", "arn:aws:ec2:us-east-1:111122223333:instance/*"),
  ),
  "arn-service-case": identity(
    allow("s3:GetObject", "arn:aws:S3:::b/*"),
    allow("s3:GetObject", "arn:aws:s3:::b/*"),
  ),
  "unknown-arn-service": identity(
    allow("s3:GetObject", "arn:aws:s4:::b/*"),
    allow("s3:GetObject", "arn:aws:s3:::b/*"),
  ),
  "invalid-arn-resource": identity(
    allow("ec2:StartInstances", "arn:aws:ec2:us-east-1:111122223333:instanse/i-0123"),
    allow("ec2:StartInstances", "arn:aws:ec2:us-east-1:111122223333:instance/*"),
  ),
  "arn-region-not-allowed": identity(
    allow("iam:GetRole", "arn:aws:iam:us-east-1:111122223333:role/app"),
    allow("iam:GetRole", role),
  ),
  "arn-account-not-allowed": identity(
    allow("route53:GetHostedZone", "arn:aws:route53::111122223333:hostedzone/Z1"),
    allow("route53:GetHostedZone", "arn:aws:route53:::hostedzone/Z1"),
  ),
  "missing-arn-region": identity(
    allow("ec2:StartInstances", "arn:aws:ec2::111122223333:instance/*"),
    allow("ec2:StartInstances", "arn:aws:ec2:*:111122223333:instance/*"),
  ),
};
