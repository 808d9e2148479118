import assert from "node:assert/strict";
import { test } from "node:test";
import { activityQuery, summaryFromRow } from "../../../core/aws/athena-activity-query.js";
import { mergePartials, PartialBuilder } from "../../../core/engine/activity/partial.js";
import type { ActivityItem, CloudTrailEvent } from "../../../core/engine/activity/types.js";
import { auditWith, eventItem, listBucketsBy } from "../../helpers/audit-fixture.js";
import { basicSelector } from "../../helpers/event-selectors.js";
import { ACCOUNT, ownPolicy, role, snapshotWith } from "../../helpers/snapshot-fixture.js";

// A role an EKS pod takes through Pod Identity: the Pod Identity Agent, with the node's role, calls
// eks-auth's AssumeRoleForPodIdentity, whose answer alone names the role. The pod's own calls are
// object reads, data events the trail does not log; it may also tag buckets, which it never did.
// https://docs.aws.amazon.com/eks/latest/APIReference/API_auth_AssumeRoleForPodIdentity.html
const pod = role("orders-reader", {
  trustPolicy: {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
      },
    ],
  },
  ...ownPolicy([{ Effect: "Allow", Action: ["s3:GetObject", "s3:PutBucketTagging"], Resource: "*" }]),
});

/** The agent's call, with the role's ARN in the answer as a role or as the pod's session. */
const podIdentity = (arn: string, errorCode?: string) =>
  eventItem({
    eventSource: "eks-auth.amazonaws.com",
    eventName: "AssumeRoleForPodIdentity",
    userIdentity: {
      type: "AssumedRole",
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/eks-node/i-0abc`,
      accountId: ACCOUNT,
      sessionContext: { sessionIssuer: { type: "Role", arn: `arn:aws:iam::${ACCOUNT}:role/eks-node` } },
    },
    requestParameters: { clusterName: "orders", token: "HIDDEN_DUE_TO_SECURITY_REASONS" },
    ...(errorCode
      ? { errorCode }
      : { responseElements: { assumedRoleUser: { arn, assumeRoleId: "AROAEXAMPLE:eks-orders-pod-1" } } }),
  });

/**
 * The same records as a deployed run's partition leaves them (its extent, which would date one day
 * delivered, left out: the fixture trail's coverage comes from its records, whatever the path).
 */
function partitioned(items: ActivityItem[]): ActivityItem[] {
  const builder = new PartialBuilder(
    { account: ACCOUNT, region: "us-east-1", day: "2026/05/20", prefix: "p/" },
    { start: "2026-03-03T00:00:00Z", end: "2026-06-01T00:00:00Z" },
  );
  for (const item of items) builder.add(item);
  return mergePartials([builder.result()]).filter((item) => item.kind !== "extent");
}

/** The same records as the Athena query's rows give them back (its pod_identity_role column read by hand). */
function athenaRows(items: ActivityItem[]): ActivityItem[] {
  return items.map((item) => {
    if (item.kind !== "event") return item;
    const e: CloudTrailEvent = item.event;
    const answer = e.responseElements?.assumedRoleUser as { arn?: string } | undefined;
    const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/.*$/.exec(answer?.arn ?? "");
    const summary = summaryFromRow({
      identity_type: e.userIdentity?.type,
      identity_arn: e.userIdentity?.arn,
      identity_account: e.userIdentity?.accountId,
      issuer_arn: e.userIdentity?.sessionContext?.sessionIssuer?.arn,
      event_source: e.eventSource,
      event_name: e.eventName,
      region: e.awsRegion,
      recipient_account: e.recipientAccountId,
      outcome: e.errorCode ? "failed" : "allowed",
      pod_identity_role: session ? `arn:aws:iam::${session[1]}:role/${session[2]}` : answer?.arn,
      events: "1",
      first_seen: e.eventTime,
      last_seen: e.eventTime,
    });
    assert.ok(typeof summary !== "string", summary as string);
    return { kind: "summary", summary };
  });
}

const PATHS = { files: (i: ActivityItem[]) => i, partitions: partitioned, athena: athenaRows };

async function verdict(items: ActivityItem[]) {
  const report = await auditWith(snapshotWith({ roles: [pod] }), [listBucketsBy("app"), ...items], {
    logging: [basicSelector("All")],
  });
  return {
    usage: report.principals.find((p) => p.arn === pod.arn)?.usage,
    unusedRole: report.findings.some((f) => f.kind === "unused-role" && f.principalArn === pod.arn),
  };
}

for (const [path, read] of Object.entries(PATHS)) {
  test(`${path}: a role the trail shows handed to a pod by EKS Pod Identity is used, not unused`, async () => {
    assert.deepEqual(await verdict(read([podIdentity(pod.arn)])), { usage: "used", unusedRole: false });
    // Named as the pod's session, without the role's path: still the role.
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/${pod.name}/eks-orders-pod-1`;
    assert.deepEqual(await verdict(read([podIdentity(session)])), { usage: "used", unusedRole: false });
  });

  test(`${path}: without the call, or with a failed one, the same trail shows the role unused`, async () => {
    assert.deepEqual(await verdict(read([])), { usage: "unused", unusedRole: true });
    assert.notEqual((await verdict(read([podIdentity(pod.arn, "AccessDeniedException")]))).usage, "used");
  });
}

test("the Athena query keeps the role Pod Identity handed out, as a role ARN", () => {
  const sql = activityQuery(
    { table: "cloudtrail.org_trail" },
    { start: "2026-03-03T00:00:00Z", end: "2026-06-01T00:00:00Z", days: 90 },
  );
  const line = sql.split("\n").find((l) => l.endsWith(" AS pod_identity_role,")) ?? "";
  assert.match(line, /eventsource = 'eks-auth\.amazonaws\.com' AND eventname = 'AssumeRoleForPodIdentity'/);
  assert.match(line, /json_extract_scalar\(responseelements, '\$\.assumedRoleUser\.arn'\)/);
  assert.match(line, /'arn:\$1:iam::\$2:role\/\$3'/);
});
