import { STATEMENT_TARGET } from "../engine/activity/knowledge/authorizations/dynamodb.js";
import { AUTHORIZATION_TABLES } from "../engine/activity/knowledge/authorizations/index.js";
import { ERROR_ANSWER_NEEDS } from "../engine/activity/knowledge/error-answers.js";
import { GRANTING_CALLS } from "../engine/activity/knowledge/granting-calls.js";
import {
  REFUSED_ERROR_PATTERN,
  UNAUTHENTICATED_ERROR_PATTERN,
} from "../engine/activity/knowledge/refused-calls.js";
import { POD_IDENTITY_EVENT, POD_IDENTITY_SOURCE } from "../engine/activity/pod-identity.js";
import { TAG_PARAMETER_PATTERN } from "../engine/activity/tags-at-creation.js";
import { TRAIL_CHANGES } from "../engine/activity/trail-changes.js";
import type { ActivitySummary, ActivityWindow, CloudTrailEvent } from "../engine/activity/types.js";
import { ROLE_FRAGMENT, roleParameters } from "./athena-role-fragments.js";
import { deliveryDays } from "./cloudtrail-s3-layout.js";

/**
 * The Athena side of `--athena-table`: one query over the standard CloudTrail table that groups
 * events by principal, event and resource, so an organization's billions of events reach Whittle
 * as a few hundred thousand rows. The request parameters selected are those the engine derives
 * resources and authorizations from (versions, indexes, qualifiers, object headers, KMS keys);
 * `resources[]` ARNs are joined into one column, and every role-holding parameter (at any depth)
 * into another, so that the roles a call passed survive the grouping.
 * https://docs.aws.amazon.com/athena/latest/ug/cloudtrail-logs.html
 */
const PARAMETERS = [
  "bucketName",
  "key",
  "x-amz-copy-source",
  "tableName",
  "functionName",
  "queueUrl",
  "topicArn",
  "keyId",
  "secretId",
  "rotationLambdaARN",
  "name",
  "roleArn",
  "versionId",
  "indexName",
  "qualifier",
  "streamName",
  "streamARN",
  "kmsKeyId",
  "x-amz-tagging",
  "x-amz-tagging-directive",
  "x-amz-acl",
  "x-amz-object-lock-mode",
  "x-amz-object-lock-retain-until-date",
  "x-amz-object-lock-legal-hold",
  "x-amz-bypass-governance-retention",
  "x-amz-server-side-encryption-aws-kms-key-id",
] as const;

/**
 * The other parameters the authorization tables' rules read (tags set at creation, filters, a
 * launch's image or templates): by whether the request set it, which is all most rules ask, so
 * that calls setting different tags still group together; one a rule matches (a launch's image,
 * `a.items.b`) by its value, the first through lists.
 * A rule that reads tags in any shape (anyTags) reads the `tagged` column instead. A list's items
 * that a rule must read all of (no statement of a batch is a DELETE) are not selected: the first
 * alone would rule out what the others needed.
 */
const RULE_PARAMETERS = [
  ...new Set(
    AUTHORIZATION_TABLES.flatMap((t) =>
      t.events.flatMap((e) => (e.rules ?? []).flatMap((r) => r.parameter ?? [])),
    ),
  ),
].filter(
  (p) =>
    !(PARAMETERS as readonly string[]).includes(p) &&
    /^[A-Za-z0-9_.-]+$/.test(p) &&
    !(
      p.includes(".") &&
      AUTHORIZATION_TABLES.some((t) =>
        t.events.some((e) => e.rules?.some((r) => r.every && r.parameter === p)),
      )
    ),
);

/**
 * The values beside the request that the tables' rules read (the encryption S3 applied to an
 * object it wrote), each for its service's records only, so that other calls still group together.
 */
const RECORDED = [
  ...new Map(
    AUTHORIZATION_TABLES.flatMap((t) =>
      t.events.flatMap((e) =>
        (e.rules ?? []).flatMap((r) =>
          r.recorded && /^[A-Za-z0-9_.-]+$/.test(r.recorded.key)
            ? [
                [
                  `${t.service} ${r.recorded.field} ${r.recorded.key}`,
                  { service: t.service, ...r.recorded },
                ] as const,
              ]
            : [],
        ),
      ),
    ),
  ).values(),
];

function recordedColumn({ service, field, key }: (typeof RECORDED)[number]): string {
  return `CASE WHEN eventsource = '${service}.amazonaws.com' THEN json_extract_scalar(${field.toLowerCase()}, '$["${key}"]') END`;
}

/**
 * Values read by their head alone: a PartiQL statement by its verb and table, as the DynamoDB
 * table reads it; its key values would split one query's calls into a row each.
 */
const HEADS: Readonly<Record<string, RegExp>> = { statement: STATEMENT_TARGET };

/**
 * What an IAM call that grants permissions names (the user, role or group, the policy, whether a
 * version became the default): read for those calls only, so that other calls still group together.
 * Without them an Athena audit could not see a permission granted inside the window, and called it
 * unused for not being used before it existed (core/engine/activity/grant-changes.ts).
 */
const GRANT_PARAMETERS = [
  ...new Set(
    Object.values(GRANTING_CALLS).flatMap((c) =>
      [c.targetParameter, c.grantParameter ?? [], c.onlyWhen ?? []].flat(),
    ),
  ),
].filter((p) => !(PARAMETERS as readonly string[]).includes(p));

const GRANTING_EVENTS = Object.keys(GRANTING_CALLS)
  .map((name) => `'${name}'`)
  .join(", ");

/** Rule parameters a rule reads the value of (`matches`): the others are read by whether they are set. */
const VALUED = new Set(
  AUTHORIZATION_TABLES.flatMap((t) =>
    t.events.flatMap((e) => (e.rules ?? []).flatMap((r) => (r.matches ? (r.parameter ?? []) : []))),
  ),
);

/**
 * A parameter's value as a string: CloudTrail writes some S3 headers as one-element arrays
 * (`"x-amz-acl": ["private"]`), which json_extract_scalar reads as null, so the first element is
 * read too, as the record reader unwraps them (authorizations/types.ts, `str`).
 */
function scalar(path: string): string {
  return `coalesce(json_extract_scalar(requestparameters, '${path}'), json_extract_scalar(requestparameters, '${path}[0]'))`;
}

function ruleColumn(parameter: string): string {
  const path = parameter.includes(".")
    ? `$.${parameter.replace(/\.items\./g, ".items[0].")}`
    : `$["${parameter}"]`;
  const head = HEADS[parameter];
  if (head) return `regexp_extract(${scalar(path)}, '(?i)${head.source}')`;
  if (VALUED.has(parameter)) return scalar(path);
  // A nested part the rule asks only the presence of (a fleet's launch template configurations)
  // is an object or a list, which json_extract_scalar would read as null.
  const value = `json_extract(requestparameters, '${path}')`;
  return `CASE WHEN json_format(${value}) NOT IN ('null', '""', '[]', 'false') THEN 'set' END`;
}

/** A rule parameter's column back into the request's shape: `a.items.b` nests as EC2 records do. */
function ruleParameter(parameter: string, value: string): Record<string, unknown> {
  const [head, ...rest] = parameter.split(".");
  if (rest.length === 0) return { [head!]: value };
  if (rest[0] === "items") return { [head!]: { items: [ruleParameter(rest.slice(1).join("."), value)] } };
  return { [head!]: ruleParameter(rest.join("."), value) };
}

/**
 * An error answer that shows a permission beside the call's own (a read of a missing S3 key
 * answered NoSuchKey: s3:ListBucket) keeps its code as the outcome `answered:<code>`, rather than
 * the plain `failed` of any other error.
 */
const ANSWERED = ERROR_ANSWER_NEEDS.map(
  (a) =>
    `WHEN eventsource = '${a.eventSource}' AND eventname IN (${a.events.map((e) => `'${e}'`).join(", ")}) AND errorcode IN (${a.errorCodes.map((c) => `'${c}'`).join(", ")}) THEN 'answered:' || errorcode`,
).join(" ");
const ANSWERED_PREFIX = "answered:";

const GROUPED_COLUMNS: readonly [string, string][] = [
  ["identity_type", "useridentity.type"],
  ["identity_arn", "useridentity.arn"],
  ["identity_account", "useridentity.accountid"],
  ["identity_principal", "useridentity.principalid"],
  ["invoked_by", "useridentity.invokedby"],
  ["issuer_arn", "useridentity.sessioncontext.sessionissuer.arn"],
  // Keys of users only: role sessions get a new key every hour, which would explode the groups.
  ["access_key_id", "CASE WHEN useridentity.type = 'IAMUser' THEN useridentity.accesskeyid END"],
  ["event_source", "eventsource"],
  ["event_name", "eventname"],
  ["event_type", "eventtype"],
  ["region", "awsregion"],
  ["recipient_account", "recipientaccountid"],
  [
    "outcome",
    // A refused console sign-in has no errorCode: its errorMessage and response say it failed.
    // Any other error is an allowed call that failed: its permission is in use, but an AssumeRole
    // that failed assumed nothing. A refusal before authentication is no one's: it stays apart.
    `CASE WHEN regexp_like(coalesce(errorcode, ''), '${UNAUTHENTICATED_ERROR_PATTERN}') THEN 'unauthenticated' WHEN regexp_like(coalesce(errorcode, ''), '${REFUSED_ERROR_PATTERN}') THEN 'denied' WHEN eventsource = 'signin.amazonaws.com' AND (coalesce(errormessage, '') <> '' OR strpos(coalesce(responseelements, ''), '"Failure"') > 0) THEN 'failed-sign-in' ${ANSWERED} WHEN coalesce(errorcode, '') <> '' THEN 'failed' ELSE 'allowed' END`,
  ],
  ["resource_arns", "array_join(transform(resources, r -> r.arn), ' ')"],
  ["role_parameters", `array_join(regexp_extract_all(requestparameters, '${ROLE_FRAGMENT}'), chr(10))`],
  // Whether the request carries tags at any depth, as the general tags-at-creation rule reads it.
  ["tagged", `CASE WHEN regexp_like(requestparameters, '${TAG_PARAMETER_PATTERN}') THEN 'set' END`],
  // The managed session policies an STS request named (`policyArns: [{"arn": ...}]`), as ARNs:
  // a shared policy's plan is refused when any session used it (core/engine/activity/session-policies.ts).
  [
    "session_policy_arns",
    `CASE WHEN eventsource = 'sts.amazonaws.com' THEN array_join(regexp_extract_all(coalesce(json_format(json_extract(requestparameters, '$.policyArns')), ''), 'arn:[^"\\s]+'), ' ') END`,
  ],
  // The role EKS Pod Identity handed out, named only in the answer (pod-identity.ts), as a role ARN.
  [
    "pod_identity_role",
    `CASE WHEN eventsource = '${POD_IDENTITY_SOURCE}' AND eventname = '${POD_IDENTITY_EVENT}' THEN regexp_replace(json_extract_scalar(responseelements, '$.assumedRoleUser.arn'), '^arn:([^:]+):sts::(\\d{12}):assumed-role/([^/]+)/.*$', 'arn:$1:iam::$2:role/$3') END`,
  ],
  ...RULE_PARAMETERS.map((p, i): [string, string] => [`rule_${i}`, ruleColumn(p)]),
  ...RECORDED.map((r, i): [string, string] => [`recorded_${i}`, recordedColumn(r)]),
  ...GRANT_PARAMETERS.map((p, i): [string, string] => [
    `grant_${i}`,
    `CASE WHEN eventsource = 'iam.amazonaws.com' AND eventname IN (${GRANTING_EVENTS}) THEN json_extract_scalar(requestparameters, '$["${p}"]') END`,
  ]),
  ...PARAMETERS.map((p, i): [string, string] => [`param_${i}`, scalar(`$["${p}"]`)]),
];

export interface AthenaQueryOptions {
  /** `database.table` of the CloudTrail table. */
  table: string;
  /** A partition-projection column holding `yyyy/MM/dd`, to prune partitions to the window. */
  datePartition?: string;
  /** Only this account's events (its recipientAccountId): one account's audit over an organization's table. */
  accountId?: string;
  /** A partition column holding the account id (an injected projection needs it in every query). */
  accountPartition?: string;
  /**
   * With accountId: the owners and home regions of trails of another account that log data events
   * (an organization trail's, seen from a member), whose records of that region are read too, for
   * the days they were delivered and the trail's changes alone (core/engine/activity/trail-owner.ts).
   */
  trailOwners?: readonly { account: string; home: string }[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function activityQuery(options: AthenaQueryOptions, window: ActivityWindow): string {
  const parts = options.table.split(".");
  if (parts.length !== 2 || !parts.every((p) => IDENTIFIER.test(p))) {
    throw new RangeError(`Athena table must be DATABASE.TABLE, got ${options.table}`);
  }
  if (!INSTANT.test(window.start) || !INSTANT.test(window.end))
    throw new RangeError("window must be ISO-8601 UTC");
  const start = window.start.replace(/\.\d+Z$/, "Z");
  const end = window.end.replace(/\.\d+Z$/, "Z");
  const filters = [`eventtime >= '${start}'`, `eventtime < '${end}'`];
  if (options.datePartition !== undefined) {
    if (!IDENTIFIER.test(options.datePartition)) throw new RangeError("date partition must be a column name");
    const day = (iso: string) => iso.slice(0, 10).replaceAll("-", "/");
    // Up to the partition of the day after the window's last instant: a file is filed under the
    // day it is delivered on, so the calls of the last minutes before midnight sit in the next
    // day's partition (cloudtrail-s3-layout.ts' deliveryDays).
    const last = deliveryDays({ start, end }).at(-1) ?? day(end);
    filters.push(`"${options.datePartition}" BETWEEN '${day(start)}' AND '${last}'`);
  }
  const owners = options.trailOwners ?? [];
  if (options.accountId !== undefined) {
    if (options.accountPartition !== undefined && !IDENTIFIER.test(options.accountPartition))
      throw new RangeError("account partition must be a column name");
    const checked = (id: string) => {
      if (!/^\d{12}$/.test(id)) throw new RangeError("account id must be 12 digits");
      return id;
    };
    const partition = options.accountPartition;
    const own = [`recipientaccountid = '${checked(options.accountId)}'`];
    if (owners.length === 0) filters.push(...own);
    else {
      const places = owners.map(({ account: id, home }) => {
        if (!REGION.test(home)) throw new RangeError("a trail's home region must be a region name");
        return [`recipientaccountid = '${checked(id)}'`, `awsregion = '${home}'`];
      });
      filters.push(`(${[own, ...places].map((p) => `(${p.join(" AND ")})`).join("\n      OR ")})`);
    }
    // An injected partition column takes only static equality conditions (Athena's dynamic id
    // partitioning page): one IN list of every account read, never a condition inside the OR.
    if (partition !== undefined) {
      const ids = [...new Set([options.accountId, ...owners.map((o) => o.account)])];
      filters.push(
        ids.length === 1
          ? `"${partition}" = '${ids[0]}'`
          : `"${partition}" IN (${ids.map((id) => `'${id}'`).join(", ")})`,
      );
    }
  }
  const select = GROUPED_COLUMNS.map(([name, expr]) => `    ${expr} AS ${name}`);
  const names = GROUPED_COLUMNS.map(([name]) => name).join(", ");
  // Two groupings in one scan: the calls, and the days each account and region has records on.
  // A call row's first and last record say nothing of the days between them, and a month of
  // partitions missing inside the window must show as days without evidence (delivery-days.ts).
  return [
    "WITH calls AS (",
    "  SELECT",
    `${select.join(",\n")},`,
    "    eventtime,",
    "    substr(eventtime, 1, 10) AS event_day",
    `  FROM "${parts[0]}"."${parts[1]}"`,
    `  WHERE ${filters.join("\n    AND ")}`,
    ")",
    "SELECT",
    `  ${names},`,
    "  event_day,",
    "  count(*) AS events,",
    "  min(eventtime) AS first_seen,",
    "  max(eventtime) AS last_seen",
    "FROM calls",
    `GROUP BY GROUPING SETS ((${names}), (recipient_account, region, event_day))`,
    // An owner's records count for their days and the trail's changes: its other calls are not
    // the audited account's, and would only make rows to drop.
    ...(options.accountId !== undefined && owners.length > 0
      ? [
          `HAVING event_day IS NOT NULL OR recipient_account = '${options.accountId}'`,
          `  OR (event_source = 'cloudtrail.amazonaws.com' AND event_name IN (${[...TRAIL_CHANGES].map((e) => `'${e}'`).join(", ")}))`,
        ]
      : []),
  ].join("\n");
}

export const QUERY_COLUMNS = [
  ...GROUPED_COLUMNS.map(([name]) => name),
  "event_day",
  "events",
  "first_seen",
  "last_seen",
];

/**
 * One result row (by column name) back into a summary the aggregator reads like an event.
 * Returns a problem string for rows that lack what a summary needs.
 */
export function summaryFromRow(row: Readonly<Record<string, string | undefined>>): ActivitySummary | string {
  const count = Number(row.events);
  const source = row.event_source;
  const name = row.event_name;
  const first = row.first_seen;
  const last = row.last_seen;
  if (!source || !name || !first || !last || !Number.isSafeInteger(count) || count < 1) {
    return "row lacks event_source, event_name, events, first_seen or last_seen";
  }
  const params: Record<string, unknown> = {};
  RULE_PARAMETERS.forEach((p, i) => {
    const value = row[`rule_${i}`];
    if (value) Object.assign(params, ruleParameter(p, value));
  });
  PARAMETERS.forEach((p, i) => {
    const value = row[`param_${i}`];
    if (value) params[p] = value;
  });
  GRANT_PARAMETERS.forEach((p, i) => {
    const value = row[`grant_${i}`];
    if (value) params[p] = value;
  });
  const roles = roleParameters(row.role_parameters);
  if (roles.length > 0) params.roleParameters = roles;
  // Under a key of its own: nested, it calls for the general rule only, not a table's `tags` rule.
  if (row.tagged) params.taggedRequest = { tags: row.tagged };
  const sessionPolicies = (row.session_policy_arns ?? "").split(" ").filter(Boolean);
  if (sessionPolicies.length > 0) params.policyArns = sessionPolicies.map((arn) => ({ arn }));
  const podRole = row.pod_identity_role;
  const recorded: Pick<CloudTrailEvent, "additionalEventData" | "responseElements"> = {};
  if (podRole) recorded.responseElements = { assumedRoleUser: { arn: podRole } };
  RECORDED.forEach(({ field, key }, i) => {
    const value = row[`recorded_${i}`];
    if (value) recorded[field] = { ...(recorded[field] as object | undefined), [key]: value };
  });
  const event: CloudTrailEvent = {
    ...recorded,
    eventSource: source,
    eventName: name,
    eventTime: first,
    ...(row.event_type ? { eventType: row.event_type } : {}),
    ...(row.region ? { awsRegion: row.region } : {}),
    ...(row.recipient_account ? { recipientAccountId: row.recipient_account } : {}),
    ...(row.outcome === "unauthenticated" ? { errorCode: "SignatureDoesNotMatch" } : {}),
    ...(row.outcome === "denied" ? { errorCode: "AccessDenied" } : {}),
    ...(row.outcome === "failed" ? { errorCode: "Failed" } : {}),
    ...(row.outcome?.startsWith(ANSWERED_PREFIX)
      ? { errorCode: row.outcome.slice(ANSWERED_PREFIX.length) }
      : {}),
    ...(row.outcome === "failed-sign-in" ? { errorMessage: "Failed authentication" } : {}),
    userIdentity: {
      ...(row.identity_type ? { type: row.identity_type } : {}),
      ...(row.identity_arn ? { arn: row.identity_arn } : {}),
      ...(row.identity_account ? { accountId: row.identity_account } : {}),
      ...(row.identity_principal ? { principalId: row.identity_principal } : {}),
      ...(row.invoked_by ? { invokedBy: row.invoked_by } : {}),
      ...(row.access_key_id ? { accessKeyId: row.access_key_id } : {}),
      ...(row.issuer_arn ? { sessionContext: { sessionIssuer: { arn: row.issuer_arn } } } : {}),
    },
    requestParameters: params,
    resources: (row.resource_arns ?? "").split(" ").flatMap((arn) => (arn ? [{ ARN: arn }] : [])),
  };
  return { event, count, firstSeen: first, lastSeen: last };
}
