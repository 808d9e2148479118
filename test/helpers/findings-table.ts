import { after, before } from "node:test";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { type AwsConnection, clientConfig } from "../../core/aws/clients.js";
import { GSI_BY_STATUS } from "../../core/aws/stores/index.js";
import { type MotoServer, startMoto } from "./moto.js";

/** DynamoDB clients on the moto connection (the shared harness has no DynamoDB client). */
export function dynamoClients(connection: AwsConnection) {
  const dynamodb = new DynamoDBClient(clientConfig(connection));
  return { dynamodb, doc: DynamoDBDocumentClient.from(dynamodb) };
}

/** The findings table as stacks/ declares it: pk/sk strings and the byStatus GSI. */
export async function createFindingsTable(dynamodb: DynamoDBClient, name: string): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: ["pk", "sk", "gsi1pk", "gsi1sk"].map((AttributeName) => ({
        AttributeName,
        AttributeType: "S",
      })),
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: GSI_BY_STATUS,
          KeySchema: [
            { AttributeName: "gsi1pk", KeyType: "HASH" },
            { AttributeName: "gsi1sk", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        },
      ],
    }),
  );
}

/**
 * A moto server for the calling test file (started before its tests, stopped after) and a function
 * that creates a fresh findings table on it, named PREFIX-1, PREFIX-2, ...: each test gets clean rows.
 */
export function freshTables(prefix: string): () => Promise<{ doc: DynamoDBDocumentClient; table: string }> {
  let moto: MotoServer | undefined;
  let created = 0;
  before(async () => {
    moto = await startMoto();
  });
  after(() => moto?.stop());
  return async () => {
    if (!moto) throw new Error("freshTables: the moto server has not started");
    const clients = dynamoClients(moto.connection);
    const table = `${prefix}-${++created}`;
    await createFindingsTable(clients.dynamodb, table);
    return { doc: clients.doc, table };
  };
}
