import { JsonCursor } from "./json-cursor.js";
import { Projection, project } from "./json-projection.js";
import { recordItem } from "./record.js";
import type { ActivityItem } from "./types.js";

const ISSUER = new Projection(["type", "arn", "accountId", "userName"], (o, i, v) => {
  if (i === 0) o.type = v;
  else if (i === 1) o.arn = v;
  else if (i === 2) o.accountId = v;
  else o.userName = v;
});

/** webIdFederationData whole: partial aggregates keep it so. */
const SESSION = new Projection(
  ["sessionIssuer", "webIdFederationData"],
  (o, i, v) => {
    if (i === 0) o.sessionIssuer = v;
    else o.webIdFederationData = v;
  },
  { sessionIssuer: ISSUER },
);

const IDENTITY = new Projection(
  ["type", "principalId", "arn", "accountId", "accessKeyId", "userName", "invokedBy", "sessionContext"],
  (o, i, v) => {
    switch (i) {
      case 0:
        o.type = v;
        return;
      case 1:
        o.principalId = v;
        return;
      case 2:
        o.arn = v;
        return;
      case 3:
        o.accountId = v;
        return;
      case 4:
        o.accessKeyId = v;
        return;
      case 5:
        o.userName = v;
        return;
      case 6:
        o.invokedBy = v;
        return;
      default:
        o.sessionContext = v;
    }
  },
  { sessionContext: SESSION },
);

/**
 * The fields of a record the engine reads (types.ts), requestParameters and resources whole
 * because the authorization tables read any of their fields. The rest of a record, most of its
 * bytes (responseElements, tlsDetails, userAgent, session attributes...), is never built.
 */
export const RECORD = new Projection(
  [
    "eventSource",
    "eventName",
    "eventTime",
    "eventType",
    "awsRegion",
    "errorCode",
    "recipientAccountId",
    "sourceIPAddress",
    "vpcEndpointId",
    "userIdentity",
    "requestParameters",
    "resources",
  ],
  (o, i, v) => {
    switch (i) {
      case 0:
        o.eventSource = v;
        return;
      case 1:
        o.eventName = v;
        return;
      case 2:
        o.eventTime = v;
        return;
      case 3:
        o.eventType = v;
        return;
      case 4:
        o.awsRegion = v;
        return;
      case 5:
        o.errorCode = v;
        return;
      case 6:
        o.recipientAccountId = v;
        return;
      case 7:
        o.sourceIPAddress = v;
        return;
      case 8:
        o.vpcEndpointId = v;
        return;
      case 9:
        o.userIdentity = v;
        return;
      case 10:
        o.requestParameters = v;
        return;
      default:
        o.resources = v;
    }
  },
  { userIdentity: IDENTITY },
);

const RECORDS = new Projection(["Records"], () => {});

/**
 * Reads a CloudTrail delivery file, `{"Records": [...]}` and nothing else, into the items
 * JSON.parse and `toCloudTrailEvent` would give, each record holding only the fields above.
 * Returns false, leaving `into` as it was, when the text is anything else or not valid JSON to
 * the last byte: the caller then reads it through JSON.parse, whose warnings are the reference.
 */
export function readDeliveryRecords(text: string, origin: string, into: ActivityItem[]): boolean {
  const length = into.length;
  const cursor = JsonCursor.ascii(text);
  if (cursor === undefined) return false;
  try {
    if (cursor.ws(0) !== 123 || cursor.ws(cursor.pos + 1) !== 34) return false;
    const start = cursor.pos + 1;
    const end = cursor.string();
    const key = cursor.escaped
      ? RECORDS.named(JSON.parse(text.slice(start - 1, end + 1)))
      : RECORDS.find(cursor, start, end);
    if (key !== 0) return false;
    if (cursor.expect(58) !== 91) return false;
    let c = cursor.ws(cursor.pos + 1);
    if (c !== 93) {
      for (let i = 0; ; i++) {
        let record: Record<string, unknown> | null = null;
        if (c === 123) record = project(cursor, RECORD);
        else cursor.skip();
        into.push(recordItem(record, () => `${origin} Records[${i}]`));
        c = cursor.ws(cursor.pos);
        if (c === 93) break;
        if (c !== 44) cursor.fail();
        c = cursor.ws(cursor.pos + 1);
      }
    }
    // Another top-level key (a second Records, say) is left to JSON.parse.
    if (cursor.expect(93) !== 125) cursor.fail();
    cursor.ws(cursor.pos + 1);
    if (cursor.pos !== text.length) cursor.fail();
    return true;
  } catch {
    into.length = length;
    return false;
  }
}
