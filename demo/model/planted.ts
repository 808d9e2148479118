import { arn } from "./account.js";
import type { PlantedProblem } from "./types.js";

/** What a reviewer should find in the demo's report, each on its own principal. */
export const PLANTED: PlantedProblem[] = [
  {
    kind: "unused-role",
    principalArn: arn.role("legacy-admin"),
    why: "Created in 2021 for a migration; last used 2025-11-03, never in the 90-day window.",
  },
  {
    kind: "admin-access",
    principalArn: arn.role("legacy-admin"),
    why: "AdministratorAccess on a role nobody uses: anyone in the account allowed sts:AssumeRole gets full control.",
  },
  {
    kind: "privilege-escalation",
    principalArn: arn.role("ci-deployer", "/ci/"),
    why: "iam:PassRole on * with lambda:CreateFunction and lambda:InvokeFunction runs code as any role, legacy-admin included; the pipeline never creates or invokes functions.",
  },
  {
    kind: "unused-action",
    principalArn: arn.role("ci-deployer", "/ci/"),
    why: "CreateFunction, InvokeFunction and UpdateFunctionConfiguration are granted and never called.",
  },
  {
    kind: "unused-service",
    principalArn: arn.role("app-backend"),
    why: "AmazonS3FullAccess + AmazonDynamoDBFullAccess for an app that only gets and puts objects under one prefix and queries one table; the services DynamoDBFullAccess drags in are never called.",
  },
  {
    kind: "service-wildcard",
    principalArn: arn.role("app-backend"),
    why: "s3:* from AmazonS3FullAccess where GetObject and PutObject on user-content/ are used.",
  },
  {
    kind: "access-key-not-rotated",
    principalArn: arn.user("legacy-backup-svc", "/service-accounts/"),
    why: "Its only key was created on 2024-05-10 and never rotated.",
  },
  {
    kind: "unused-access-key",
    principalArn: arn.user("legacy-backup-svc", "/service-accounts/"),
    why: "The key is still active but was last used on 2026-09-15, when the backup host was decommissioned.",
  },
  {
    kind: "multiple-active-access-keys",
    principalArn: arn.user("etl-runner", "/service-accounts/"),
    why: "The key was rotated on 2026-10-20 but the old one was never deactivated; two hosts use one key each.",
  },
  {
    kind: "console-without-mfa",
    principalArn: arn.user("bob"),
    why: "bob signs in to the console most working days with a password and no MFA device.",
  },
  {
    kind: "unused-password",
    principalArn: arn.user("frank"),
    why: "A console password set on 2025-10-02 that has never been used to sign in (password_last_used is no_information).",
  },
  {
    kind: "trust-any-principal",
    principalArn: arn.role("open-trust-reader"),
    why: 'The trust policy allows {"AWS": "*"} with no condition: any AWS account can assume it.',
  },
  {
    kind: "trust-oidc-no-subject",
    principalArn: arn.role("github-actions-site-deploy", "/ci/"),
    why: "Trusts GitHub's OIDC provider checking only the audience: a workflow in any GitHub repository can assume it.",
  },
  {
    kind: "trust-cross-account-no-external-id",
    principalArn: arn.role("vendor-monitoring"),
    why: "Trusts the vendor account 210987654321 without sts:ExternalId (confused deputy).",
  },
  {
    kind: "service-wildcard",
    principalArn: arn.role("etl-glue-job", "/service-role/"),
    why: 'The inline policy s3-everything allows "s3:*" on "*".',
  },
  {
    kind: "inline-policy",
    principalArn: arn.role("etl-glue-job", "/service-role/"),
    why: "s3-everything is an inline policy: unversioned, invisible outside the role.",
  },
  {
    kind: "pass-role-wildcard",
    principalArn: arn.role("batch-scheduler"),
    why: "iam:PassRole on * lets the scheduler hand any role, legacy-admin included, to EventBridge targets.",
  },
];

/** Principals that should produce no finding at all: false positives would show here. */
export const HEALTHY = [
  {
    principalArn: arn.role("orders-processor"),
    why: "Scoped customer managed policy, every action used on its one table and log group.",
  },
  {
    principalArn: arn.role("github-docs-publisher", "/ci/"),
    why: "GitHub OIDC trust with a sub condition; every granted action used.",
  },
  {
    principalArn: arn.user("alice"),
    why: "MFA, a 23-day-old key used every working day, permissions fully used.",
  },
];
