import { eventItem, roleSession } from "../../helpers/audit-fixture.js";
import { ACCOUNT, ownPolicy, role } from "../../helpers/snapshot-fixture.js";

/** A role allowed to read objects and create topics, seen (by `createTopic`) only creating a topic. */
export const reader = () =>
  role(
    "reader",
    ownPolicy([{ Effect: "Allow", Action: ["s3:GetObject", "sns:CreateTopic"], Resource: "*" }]),
  );

/** The reader's CreateTopic: a management event, which no object-events trail records. */
export const createTopic = (roleArn: string) =>
  eventItem({
    eventSource: "sns.amazonaws.com",
    eventName: "CreateTopic",
    recipientAccountId: ACCOUNT,
    userIdentity: roleSession(roleArn, "reader"),
    requestParameters: { name: "alerts" },
  });
