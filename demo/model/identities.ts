import { arn } from "./account.js";
import type { GroupSpec, UserSpec } from "./types.js";

/** Groups hold the people's permissions, as AWS advises; four teams. */
export const GROUPS: GroupSpec[] = [
  {
    name: "developers",
    created: "2021-04-12T09:15:00Z",
    managed: [
      arn.aws("AmazonEC2ReadOnlyAccess"),
      arn.aws("CloudWatchLogsReadOnlyAccess"),
      arn.aws("IAMUserChangePassword"),
    ],
  },
  {
    name: "security-auditors",
    created: "2021-04-12T09:16:00Z",
    managed: [arn.aws("AWSCloudTrail_ReadOnlyAccess"), arn.aws("IAMReadOnlyAccess")],
  },
  { name: "data-analysts", created: "2024-09-09T13:10:00Z", managed: [arn.policy("AssumeAnalystRole")] },
  { name: "release-managers", created: "2024-03-01T09:05:00Z", managed: [arn.policy("ReleasePublishing")] },
];

const team = (value: string) => [{ Key: "team", Value: value }];

/**
 * Twelve users: people (first names only, the usual cryptography placeholders, so no real person is
 * named) and three service accounts that predate roles for on-premises hosts.
 */
export const USERS: UserSpec[] = [
  {
    // Healthy: MFA, a fresh key used every working day, permissions it fully uses.
    name: "alice",
    created: "2022-01-10T10:00:00Z",
    groups: ["release-managers"],
    tags: team("platform"),
    console: { passwordChanged: "2026-06-01T08:30:00Z", mfa: true },
    keys: [{ created: "2026-10-30T09:12:00Z", active: true }],
  },
  {
    // Planted: console password, no MFA device.
    name: "bob",
    created: "2023-02-06T14:20:00Z",
    groups: ["developers"],
    tags: team("app"),
    console: { passwordChanged: "2026-05-18T10:00:00Z", mfa: false },
  },
  {
    name: "carol",
    created: "2022-06-01T09:00:00Z",
    groups: ["developers"],
    tags: team("app"),
    console: { passwordChanged: "2026-07-01T09:00:00Z", mfa: true },
    keys: [{ created: "2026-09-01T08:00:00Z", active: true }],
  },
  {
    name: "dave",
    created: "2023-09-11T09:00:00Z",
    groups: ["developers"],
    tags: team("app"),
    console: { passwordChanged: "2026-08-02T09:00:00Z", mfa: true },
  },
  {
    name: "erin",
    created: "2024-09-09T13:20:00Z",
    groups: ["data-analysts"],
    tags: team("analytics"),
    console: { passwordChanged: "2026-04-14T09:00:00Z", mfa: true },
    keys: [{ created: "2026-10-12T10:00:00Z", active: true }],
  },
  {
    // Planted: a console password set a year ago and never used to sign in.
    name: "frank",
    created: "2025-10-02T09:30:00Z",
    groups: ["developers"],
    tags: team("app"),
    console: { passwordChanged: "2025-10-02T09:30:00Z", mfa: false },
  },
  {
    name: "grace",
    created: "2021-05-03T11:00:00Z",
    groups: ["security-auditors"],
    tags: team("security"),
    console: { passwordChanged: "2026-09-20T08:00:00Z", mfa: true },
    keys: [{ created: "2026-10-05T08:00:00Z", active: true }],
  },
  {
    name: "heidi",
    created: "2024-03-01T09:10:00Z",
    groups: ["release-managers"],
    tags: team("platform"),
    console: { passwordChanged: "2026-08-15T09:00:00Z", mfa: true },
  },
  {
    name: "ivan",
    created: "2025-07-07T09:00:00Z",
    groups: ["developers"],
    tags: team("app"),
    console: { passwordChanged: "2026-07-07T09:00:00Z", mfa: true },
    keys: [
      { created: "2025-07-07T09:05:00Z", active: false },
      { created: "2026-10-23T09:00:00Z", active: true },
    ],
  },
  {
    // Planted: a key created two and a half years ago, last used in mid-September.
    name: "legacy-backup-svc",
    path: "/service-accounts/",
    created: "2024-05-10T11:00:00Z",
    groups: [],
    managed: [arn.policy("BackupBucketWriter")],
    tags: [{ Key: "owner", Value: "infrastructure" }],
    keys: [{ created: "2024-05-10T11:02:00Z", active: true }],
  },
  {
    // Planted: the key was rotated a month ago but the old one was never deactivated.
    name: "etl-runner",
    path: "/service-accounts/",
    created: "2025-08-04T07:25:00Z",
    groups: [],
    managed: [arn.policy("EtlRunnerAccess")],
    tags: [{ Key: "owner", Value: "analytics" }],
    keys: [
      { created: "2026-09-10T07:30:00Z", active: true },
      { created: "2026-10-20T07:30:00Z", active: true },
    ],
  },
  {
    name: "monitoring-exporter",
    path: "/service-accounts/",
    created: "2025-02-14T10:05:00Z",
    groups: [],
    managed: [arn.policy("MetricsExporter")],
    keys: [{ created: "2026-09-20T10:00:00Z", active: true }],
  },
];
