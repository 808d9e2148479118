import type { ActivityItem } from "../../core/engine/activity/types.js";

/**
 * The fields of a CloudTrail record the engine reads, written out apart from the reader's own
 * tables: `true` keeps the value whole, a nested list keeps those fields of an object value
 * (any other value whole).
 */
type Fields = { readonly [name: string]: true | Fields };

const ISSUER: Fields = { type: true, arn: true, accountId: true, userName: true };
const RECORD: Fields = {
  eventSource: true,
  eventName: true,
  eventTime: true,
  eventType: true,
  awsRegion: true,
  errorCode: true,
  recipientAccountId: true,
  sourceIPAddress: true,
  vpcEndpointId: true,
  userIdentity: {
    type: true,
    principalId: true,
    arn: true,
    accountId: true,
    accessKeyId: true,
    userName: true,
    invokedBy: true,
    sessionContext: { sessionIssuer: ISSUER, webIdFederationData: true },
  },
  requestParameters: true,
  resources: true,
};

function narrow(value: unknown, fields: Fields): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    const spec = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (spec !== undefined) kept[name] = spec === true ? field : narrow(field, spec);
  }
  return kept;
}

/** JSON.parse's items with each record reduced to the fields the engine reads. */
export function projected(items: readonly ActivityItem[]): ActivityItem[] {
  return items.map((item) =>
    item.kind === "event" ? { kind: "event", event: narrow(item.event, RECORD) as typeof item.event } : item,
  );
}
