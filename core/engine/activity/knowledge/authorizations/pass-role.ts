import { documentedRolePassing } from "./documented-role-passing.js";
import { SERVICE_ROLE_PARAMETERS } from "./service-role-parameters.js";

/**
 * Request parameters that hand a role to a service. CloudTrail never records iam:PassRole as an
 * event of its own: the role a principal passed is only visible in the call that used it. The
 * scan is generic (any depth: `targets[].roleArn`, `pipeline.roleArn`, `launchTemplateData.
 * iamInstanceProfile`), the table says which keys hold a role and for which calls.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
 */
export type RoleHolder =
  /** A role ARN (or a list of them). */
  | "role"
  /** A role ARN or a role name. */
  | "role-or-name"
  /** An EC2 instance profile, by ARN or name (or `{ arn, name }`): the role inside it is passed. */
  | "instance-profile"
  /** Settings as `{ name, value }` (or a list of them): the role ARN a setting named for a role holds. */
  | "role-setting";

export interface RoleParameter {
  /** The key, compared case-insensitively (CloudTrail writes `roleArn`, some services `RoleArn`). */
  key: string;
  holds: RoleHolder;
  /** `service:Event` calls the key passes a role in; absent: any call that writes (see ROLE_PASSING_CALLS). */
  events?: readonly string[];
  why: string;
  source: string;
}

const PASSROLE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html";
const SNS_DELIVERY_STATUS = "https://docs.aws.amazon.com/sns/latest/dg/sns-topic-attributes.html";
const SNS_FIREHOSE = "https://docs.aws.amazon.com/sns/latest/dg/prereqs-kinesis-data-firehose.html";

/**
 * SNS delivery status roles: a topic's, one pair per protocol (HTTPSuccessFeedbackRoleArn...), and
 * a platform application's (SuccessFeedbackRoleArn, FailureFeedbackRoleArn).
 */
const SNS_FEEDBACK_ROLES = ["", "Application", "Firehose", "HTTP", "Lambda", "SQS"].flatMap((protocol) =>
  ["Success", "Failure"].map((outcome) => `${protocol}${outcome}FeedbackRoleArn`),
);

export const ROLE_PARAMETERS: readonly RoleParameter[] = [
  {
    key: "roleArn",
    holds: "role",
    why: "the service role of the resource (CodePipeline, Step Functions, SageMaker, Glue, EventBridge targets...)",
    source: PASSROLE,
  },
  {
    key: "role",
    holds: "role",
    why: "a Lambda function's execution role, an S3 replication role",
    source: "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html",
  },
  {
    key: "executionRoleArn",
    holds: "role",
    why: "an ECS task execution role, a SageMaker model's role",
    source: "https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-pass-role",
  },
  {
    key: "taskRoleArn",
    holds: "role",
    why: "an ECS task's role",
    source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html",
  },
  {
    key: "serviceRole",
    holds: "role",
    why: "a CodeBuild project's service role",
    source:
      "https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-permissions-group.html",
  },
  { key: "serviceRoleArn", holds: "role", why: "a service role given by ARN", source: PASSROLE },
  {
    key: "monitoringRoleArn",
    holds: "role",
    why: "RDS Enhanced Monitoring's role",
    source: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html",
  },
  {
    key: "iamRoles",
    holds: "role",
    why: "roles associated with a Redshift cluster",
    source: "https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service.html",
  },
  {
    key: "administrationRoleARN",
    holds: "role",
    why: "a CloudFormation StackSet's administration role",
    source:
      "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-prereqs-self-managed.html",
  },
  {
    key: "dataAccessRoleArn",
    holds: "role",
    why: "a Comprehend/Transcribe job's data access role",
    source: PASSROLE,
  },
  {
    key: "nodeRole",
    holds: "role",
    why: "the role of an EKS managed node group's nodes",
    source: "https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html",
  },
  {
    key: "AutomationAssumeRole",
    holds: "role",
    why: "the role a Systems Manager automation runs as, one of its document's parameters",
    source: "https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-setup-iam.html",
  },
  {
    key: "cloudWatchLogsRoleArn",
    holds: "role",
    why: "the role a trail delivers its events to CloudWatch Logs with",
    source:
      "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
  },
  {
    key: "iamFleetRole",
    holds: "role",
    why: "the role a Spot Fleet launches, tags and terminates its instances with",
    source: "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-fleet-prerequisites.html",
  },
  {
    key: "DeliverLogsPermissionArn",
    holds: "role",
    why: "the role VPC flow logs publish to CloudWatch Logs with (CreateFlowLogs, Query-API shape)",
    source: "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html",
  },
  {
    key: "serviceLinkedRoleARN",
    holds: "role",
    why: "an Auto Scaling group's custom service-linked role",
    source: "https://docs.aws.amazon.com/autoscaling/ec2/userguide/autoscaling-service-linked-role.html",
  },
  {
    key: "serviceAccessRoleArn",
    holds: "role",
    why: "the role a DMS endpoint reaches its S3, Kinesis or other target with",
    source: "https://docs.aws.amazon.com/dms/latest/userguide/security-iam.html",
  },
  ...SNS_FEEDBACK_ROLES.map(
    (key): RoleParameter => ({
      key,
      holds: "role",
      why: "a role SNS logs delivery status to CloudWatch Logs with, a topic's or platform application's attribute",
      source: SNS_DELIVERY_STATUS,
    }),
  ),
  {
    key: "attributeValue",
    holds: "role",
    events: ["sns:SetTopicAttributes"],
    why: "a topic attribute set to a role ARN is a delivery status role (its *FeedbackRoleArn attributes)",
    source: SNS_DELIVERY_STATUS,
  },
  {
    key: "SubscriptionRoleArn",
    holds: "role",
    events: ["sns:Subscribe", "sns:SetSubscriptionAttributes"],
    why: "the role SNS assumes to write a Firehose subscription's messages to its delivery stream",
    source: SNS_FIREHOSE,
  },
  {
    key: "attributeValue",
    holds: "role",
    events: ["sns:SetSubscriptionAttributes"],
    why: "a subscription attribute set to a role ARN is its SubscriptionRoleArn, the role SNS assumes",
    source: SNS_FIREHOSE,
  },
  {
    key: "iamInstanceProfile",
    holds: "instance-profile",
    why: "an EC2 instance launched with an instance profile passes its role",
    source:
      "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html#permission-to-pass-iam-roles",
  },
  {
    key: "serviceRole",
    holds: "role-or-name",
    events: ["elasticmapreduce:RunJobFlow"],
    why: "an EMR cluster's service role, usually by name",
    source: "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-role.html",
  },
  {
    key: "autoScalingRole",
    holds: "role-or-name",
    events: ["elasticmapreduce:RunJobFlow"],
    why: "an EMR cluster's automatic scaling role",
    source: "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-role-automatic-scaling.html",
  },
  {
    key: "jobFlowRole",
    holds: "instance-profile",
    events: ["elasticmapreduce:RunJobFlow"],
    why: "the EC2 instance profile of an EMR cluster's nodes",
    source: "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-iam-role-for-ec2.html",
  },
  {
    key: "role",
    holds: "role-or-name",
    events: ["glue:CreateJob", "glue:UpdateJob", "glue:CreateCrawler", "glue:UpdateCrawler"],
    why: "a Glue job's or crawler's role, by name or ARN",
    source: "https://docs.aws.amazon.com/glue/latest/dg/attach-policy-iam-user.html",
  },
  {
    key: "roleArn",
    holds: "role",
    events: ["sagemaker:RenderUiTemplate"],
    why: "a Read-level call that renders a worker task template with the role that reads its input",
    source: "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_RenderUiTemplate.html",
  },
  {
    key: "executionRoleArn",
    holds: "role",
    events: ["sagemaker-geospatial:GetTile"],
    why: "a Read-level call that reads a geospatial tile with the execution role it is given",
    source: "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_geospatial_GetTile.html",
  },
  {
    key: "optionSettings",
    holds: "role-setting",
    events: ["rds:ModifyOptionGroup"],
    why: "an option's IAM_ROLE_ARN setting hands RDS the role the option works with (SQL Server backups, S3 integration)",
    source:
      "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/SQLServer.Procedural.Importing.Enabling.html",
  },
  {
    key: "roleName",
    holds: "role-or-name",
    events: ["iam:AddRoleToInstanceProfile"],
    why: "adding a role to an instance profile requires passing it",
    source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html",
  },
  ...SERVICE_ROLE_PARAMETERS,
];

/**
 * Which calls a key without an `events` list passes a role in: calls that write (the catalog's
 * Write and Permissions management levels), outside IAM and STS, where a `roleArn` names the role
 * a caller acts on or assumes (sts:AssumeRole), not one it hands to a service.
 */
export const ROLE_PASSING_CALLS = {
  accessLevels: ["Write", "Permissions management"] as const,
  exceptServices: ["iam", "sts"] as const,
};

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const PROFILE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:instance-profile\/[\w+=,.@/-]+$/;
const NAME = /^[\w+=,.@-]{1,128}$/;
const MAX_DEPTH = 8;

/** A role reference found in a call's parameters, before the snapshot resolves names and profiles. */
export type RoleReference = { role: string } | { roleName: string } | { instanceProfile: string };

/**
 * Every role reference in a call's parameters, for the keys that pass a role in that call
 * (`generic`: the call is one ROLE_PASSING_CALLS covers).
 */
export function roleReferences(actionKey: string, generic: boolean, params: unknown): RoleReference[] {
  const keys = keysFor(actionKey, generic);
  const anyRoleKey = documentedRolePassing(actionKey);
  const out: RoleReference[] = [];
  if (keys.size > 0 || anyRoleKey) walk(params, 0, keys, anyRoleKey, out);
  return out.length > 1 ? dedupe(out) : out;
}

/** `anyRoleKey`: a key the table does not know still passes the role ARN it holds if it names a role. */
function walk(
  value: unknown,
  depth: number,
  keys: ReadonlyMap<string, readonly RoleParameter[]>,
  anyRoleKey: boolean,
  out: RoleReference[],
): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const v of value) walk(v, depth + 1, keys, anyRoleKey, out);
    return;
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const v = object[key];
    const lower = lowerCased(key);
    const holders = keys.get(lower);
    if (holders) for (const p of holders) out.push(...read(p.holds, v));
    // Its value may wrap the ARN: a Config remediation's `AutomationAssumeRole` is
    // `{ staticValue: { values: [ARN] } }`.
    if (anyRoleKey && lower.includes("role")) roleArnsWithin(v, depth, out);
    walk(v, depth + 1, keys, anyRoleKey, out);
  }
}

const LOWER = new Map<string, string>();

/**
 * A parameter key lower-cased, remembered: records repeat a few hundred keys millions of times,
 * and lower-casing one with a capital makes a new string each time.
 */
function lowerCased(key: string): string {
  let lower = LOWER.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    // Keys are the services' parameter names; made-up ones are not worth remembering forever.
    if (LOWER.size < 4096) LOWER.set(key, lower);
  }
  return lower;
}

const GENERIC = index(ROLE_PARAMETERS.filter((p) => !p.events));
const SPECIFIC = new Map<string, ReadonlyMap<string, readonly RoleParameter[]>>();
for (const event of new Set(ROLE_PARAMETERS.flatMap((p) => p.events ?? [])))
  SPECIFIC.set(event, index(ROLE_PARAMETERS.filter((p) => p.events?.includes(event))));
const NONE: ReadonlyMap<string, readonly RoleParameter[]> = new Map();

/** The keys that pass a role in a call, by lower-cased key (built once, not per event). */
function keysFor(actionKey: string, generic: boolean): ReadonlyMap<string, readonly RoleParameter[]> {
  const specific = SPECIFIC.get(actionKey);
  if (!specific) return generic ? GENERIC : NONE;
  if (!generic) return specific;
  const both = new Map(GENERIC);
  for (const [k, ps] of specific) both.set(k, [...(both.get(k) ?? []), ...ps]);
  return both;
}

function index(parameters: readonly RoleParameter[]): Map<string, RoleParameter[]> {
  const keys = new Map<string, RoleParameter[]>();
  for (const p of parameters) {
    const k = p.key.toLowerCase();
    keys.set(k, [...(keys.get(k) ?? []), p]);
  }
  return keys;
}

/** The references one role-holding value names; lists nest at most MAX_DEPTH deep, as the walk does. */
function read(holds: RoleHolder, value: unknown, depth = 0): RoleReference[] {
  if (Array.isArray(value)) return depth < MAX_DEPTH ? value.flatMap((v) => read(holds, v, depth + 1)) : [];
  if (holds === "role-setting") {
    if (!value || typeof value !== "object") return [];
    const name = fieldOf(value, "name");
    return typeof name === "string" && /role/i.test(name) ? read("role", fieldOf(value, "value"), depth) : [];
  }
  if (holds === "instance-profile") {
    if (value && typeof value === "object") {
      // `{arn, name}` in older calls' records, `{Arn, Name}` in Query-API ones (AssociateIamInstanceProfile).
      const arn = fieldOf(value, "arn");
      return read(holds, typeof arn === "string" ? arn : fieldOf(value, "name"), depth);
    }
    if (typeof value !== "string") return [];
    return PROFILE_ARN.test(value) || NAME.test(value) ? [{ instanceProfile: value }] : [];
  }
  if (typeof value !== "string") return [];
  if (ROLE_ARN.test(value)) return [{ role: value }];
  return holds === "role-or-name" && NAME.test(value) ? [{ roleName: value }] : [];
}

/** A field of an object, by its lower-cased name in any case. */
function fieldOf(object: object, name: string): unknown {
  return Object.entries(object).find(([k]) => k.toLowerCase() === name)?.[1];
}

/** Every role ARN in a value, however it nests (to the walk's depth). */
function roleArnsWithin(value: unknown, depth: number, out: RoleReference[]): void {
  if (depth > MAX_DEPTH) return;
  if (typeof value === "string") {
    if (ROLE_ARN.test(value)) out.push({ role: value });
  } else if (value !== null && typeof value === "object")
    for (const v of Array.isArray(value) ? value : Object.values(value)) roleArnsWithin(v, depth + 1, out);
}

function dedupe(refs: RoleReference[]): RoleReference[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
