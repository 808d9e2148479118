import { ACCOUNT_ID, arn, BUCKETS, EU_REGION, HOME_REGION } from "./account.js";
import { api, type Call, datedKey, s3List, s3Object } from "./calls.js";
import { AGENTS, IPS, type Plan } from "./plan.js";
import { iamId } from "./rng.js";

const releaseCalls = (agent: Partial<Call> = {}): Call[] => [
  s3List(BUCKETS.docs, "releases/", agent),
  s3Object("GetObject", BUCKETS.docs, datedKey("releases/", ".md"), agent),
  s3Object("PutObject", BUCKETS.docs, datedKey("releases/", ".md"), { ...agent, weight: 0.5 }),
];

const describe = (name: string, params: Record<string, unknown> | null = null, region?: string): Call =>
  api("ec2", name, true, params, region ? { region } : {});

/** What the developers group allows, as people use it from the console and the CLI. */
const developerCalls: Call[] = [
  describe("DescribeInstances", { instancesSet: {}, filterSet: {} }, undefined),
  describe("DescribeInstances", { instancesSet: {}, filterSet: {} }, EU_REGION),
  describe("DescribeSecurityGroups", { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} }),
  describe("DescribeVpcs", { vpcSet: {}, filterSet: {} }),
  describe("DescribeSubnets", { subnetSet: {}, filterSet: {} }),
  api("logs", "DescribeLogGroups", true, { limit: 50 }),
  api("logs", "DescribeLogStreams", true, (ctx) => ({
    logGroupName: ctx.rng.pick([
      "/aws/lambda/orders-processor",
      "/ecs/app-backend",
      "/aws/lambda/thumbnailer",
    ]),
    orderBy: "LastEventTime",
    descending: true,
  })),
  api("autoscaling", "DescribeAutoScalingGroups", true, null, { weight: 0.3 }),
  api("elasticloadbalancing", "DescribeLoadBalancers", true, null, { weight: 0.3, apiVersion: "2015-12-01" }),
  api("monitoring", "DescribeAlarms", true, { maxRecords: 100 }, { weight: 0.3 }),
];

/** A developer trying IAM from the console now and then: denied, and recorded as such. */
const deniedListUsers: Call = api("iam", "ListUsers", true, null, { denied: true, weight: 0.15 });

const auditorCalls: Call[] = [
  api("cloudtrail", "DescribeTrails", true, { includeShadowTrails: true }),
  api("cloudtrail", "GetTrailStatus", true, {
    name: `arn:aws:cloudtrail:${HOME_REGION}:${ACCOUNT_ID}:trail/org-trail`,
  }),
  api("cloudtrail", "LookupEvents", true, { maxResults: 50 }, { weight: 2 }),
  api("iam", "ListRoles", true, null),
  api("iam", "ListUsers", true, null),
  api("iam", "GetRole", true, (ctx) => ({
    roleName: ctx.rng.pick(["app-backend", "ci-deployer", "legacy-admin"]),
  })),
  api("iam", "GetAccountAuthorizationDetails", true, null, { weight: 0.3 }),
  api("iam", "GenerateCredentialReport", true, null, { weight: 0.2 }),
  api("iam", "GetCredentialReport", true, null, { weight: 0.2 }),
];

const assumeAnalyst: Call = api(
  "sts",
  "AssumeRole",
  true,
  () => ({
    roleArn: arn.role("athena-analyst"),
    roleSessionName: "erin",
    durationSeconds: 3600,
    serialNumber: `arn:aws:iam::${ACCOUNT_ID}:mfa/erin`,
  }),
  {
    resources: () => [{ accountId: ACCOUNT_ID, type: "AWS::IAM::Role", ARN: arn.role("athena-analyst") }],
    response: ({ rng, time }) => ({
      credentials: {
        accessKeyId: `ASIA${rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`,
        sessionToken: `IQoJb3JpZ2luX2Vj${rng.hex(24)}`,
        expiration: new Date(time.getTime() + 3_600_000).toUTCString(),
      },
      assumedRoleUser: {
        assumedRoleId: `${iamId("AROA", "athena-analyst")}:erin`,
        arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/athena-analyst/erin`,
      },
    }),
  },
);

const weekdays = { weekdays: true };

export const PEOPLE_PLANS: Plan[] = [
  {
    who: { user: "alice" },
    auth: "key",
    keySlot: 1,
    agent: AGENTS.cli,
    ip: IPS.office,
    region: HOME_REGION,
    days: { ...weekdays, from: "2026-10-30T09:30:00Z" },
    hours: [9, 18],
    perDay: [2, 6],
    calls: releaseCalls(),
  },
  {
    who: { user: "alice" },
    auth: "console",
    agent: AGENTS.s3Console,
    ip: IPS.office,
    region: HOME_REGION,
    days: { ...weekdays, chance: 0.4 },
    hours: [9, 18],
    perDay: [2, 5],
    calls: releaseCalls(),
  },
  {
    who: { user: "heidi" },
    auth: "console",
    agent: AGENTS.s3Console,
    ip: IPS.office,
    region: HOME_REGION,
    days: { ...weekdays, chance: 0.5 },
    hours: [8, 17],
    perDay: [2, 5],
    calls: releaseCalls(),
  },
  ...(["bob", "carol", "dave"] as const).map(
    (name): Plan => ({
      who: { user: name },
      auth: "console",
      agent: AGENTS.console,
      ip: IPS.office,
      region: HOME_REGION,
      days: { ...weekdays, chance: name === "dave" ? 0.3 : 0.7 },
      hours: [8, 19],
      perDay: [3, 12],
      calls: name === "bob" ? [...developerCalls, deniedListUsers] : developerCalls,
    }),
  ),
  {
    who: { user: "carol" },
    auth: "key",
    keySlot: 1,
    agent: AGENTS.cli,
    ip: IPS.office,
    region: HOME_REGION,
    days: { ...weekdays, chance: 0.5, from: "2026-09-01T08:30:00Z" },
    hours: [9, 18],
    perDay: [1, 6],
    calls: developerCalls.slice(0, 5),
  },
  // ivan rotated his key on 2026-10-23: the old key signs until the day before, the new one after.
  {
    who: { user: "ivan" },
    auth: "key",
    keySlot: 1,
    agent: AGENTS.cli,
    ip: IPS.office,
    region: HOME_REGION,
    days: { ...weekdays, chance: 0.6, until: "2026-10-22T23:59:59Z" },
    hours: [9, 18],
    perDay: [1, 5],
    calls: developerCalls.slice(0, 6),
  },
  {
    who: { user: "ivan" },
    auth: "key",
    keySlot: 2,
    agent: AGENTS.cli,
    ip: IPS.office,
    region: HOME_REGION,
    days: { ...weekdays, chance: 0.6, from: "2026-10-23T09:30:00Z" },
    hours: [9, 18],
    perDay: [1, 5],
    calls: developerCalls.slice(0, 6),
  },
  {
    who: { user: "grace" },
    auth: "console",
    agent: AGENTS.console,
    ip: IPS.office,
    region: HOME_REGION,
    days: { ...weekdays, chance: 0.3 },
    hours: [9, 17],
    perDay: [2, 8],
    calls: auditorCalls,
  },
  {
    who: { user: "grace" },
    auth: "key",
    keySlot: 1,
    agent: AGENTS.python,
    ip: IPS.office,
    region: HOME_REGION,
    days: { ...weekdays, chance: 0.4, from: "2026-10-05T08:30:00Z" },
    hours: [6, 7],
    perDay: [2, 4],
    calls: auditorCalls.slice(3),
  },
  {
    who: { user: "erin" },
    auth: "key",
    keySlot: 1,
    agent: AGENTS.cli,
    ip: IPS.office,
    region: HOME_REGION,
    days: { ...weekdays, chance: 0.6, from: "2026-10-12T10:30:00Z" },
    hours: [9, 10],
    perDay: [1, 1],
    calls: [assumeAnalyst],
  },
  {
    who: { user: "erin" },
    auth: "console",
    agent: AGENTS.console,
    ip: IPS.office,
    region: HOME_REGION,
    // She signs in to read dashboards, which are console pages rather than API calls of hers.
    days: { ...weekdays, chance: 0.3 },
    hours: [13, 14],
    perDay: [0, 0],
    calls: [],
  },
];
