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
