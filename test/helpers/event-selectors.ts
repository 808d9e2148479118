import { parseEventSelectors } from "../../core/engine/activity/event-selectors.js";
import type { TrailLogging } from "../../core/engine/activity/trail-logging.js";

type ReadWriteType = "ReadOnly" | "WriteOnly" | "All";

/** What a trail of one basic event selector logs: management events of `readWriteType`, and data events of `dataResources`. */
export const basicSelector = (readWriteType: ReadWriteType, dataResources: unknown[] = []): TrailLogging =>
  parseEventSelectors(
    {
      EventSelectors: [
        { ReadWriteType: readWriteType, IncludeManagementEvents: true, DataResources: dataResources },
      ],
    },
    `${readWriteType}.json`,
  );

/** Every S3 object's data events, as a basic selector's DataResources names them. */
export const EVERY_S3_OBJECT = [{ Type: "AWS::S3::Object", Values: ["arn:aws:s3"] }];
/** Every DynamoDB table's data events. */
export const EVERY_DYNAMODB_TABLE = [{ Type: "AWS::DynamoDB::Table", Values: ["arn:aws:dynamodb"] }];

// A common cost-saving trail: every write management event, and read management events except
// KMS's (Decrypt, GenerateDataKey... are read-only events, and the bulk of a trail's volume).
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html
/** That trail's basic event selectors (up to five per trail, each with its own ReadWriteType and exclusions). */
export const READS_BUT_KMS_BASIC = {
  EventSelectors: [
    { ReadWriteType: "WriteOnly" as const, IncludeManagementEvents: true, DataResources: [] },
    {
      ReadWriteType: "ReadOnly" as const,
      IncludeManagementEvents: true,
      DataResources: [],
      ExcludeManagementEventSources: ["kms.amazonaws.com"],
    },
  ],
};
/** The same trail's advanced event selectors. */
export const READS_BUT_KMS_ADVANCED = {
  AdvancedEventSelectors: [
    {
      Name: "writes",
      FieldSelectors: [
        { Field: "eventCategory", Equals: ["Management"] },
        { Field: "readOnly", Equals: ["false"] },
      ],
    },
    {
      Name: "reads, not KMS",
      FieldSelectors: [
        { Field: "eventCategory", Equals: ["Management"] },
        { Field: "readOnly", Equals: ["true"] },
        { Field: "eventSource", NotEquals: ["kms.amazonaws.com"] },
      ],
    },
  ],
};
