import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import { inject } from "vitest";
import { DynamoWorkshopStore } from "../../../src/adapters/dynamodb/dynamo-workshop-store.ts";
import { createTable } from "../../../src/adapters/dynamodb/table-definition.ts";
import { T0 } from "./fixtures.ts";

export interface TestTable {
  client: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  tableName: string;
  /** A fresh store on the table (fresh stats). */
  store(): DynamoWorkshopStore;
  /** Every item of one partition, straight from DynamoDB (what the store wrote, keys and all). */
  partition(pk: string): Promise<Record<string, unknown>[]>;
  destroy(): void;
}

/** A table of its own on the run's DynamoDB Local, so test files and tests can run in parallel. */
export async function createTestTable(prefix: string): Promise<TestTable> {
  const client = createTestDynamoDbClient(inject("dynamodbEndpoint"));
  // Deliberately without `removeUndefinedValues`: the store must not depend on the injected client's options.
  const documents = DynamoDBDocumentClient.from(client);
  const tableName = uniqueTableName(prefix);
  await createTable(client, tableName);
  return {
    client,
    documents,
    tableName,
    store: () => new DynamoWorkshopStore({ client: documents, tableName, now: () => T0 }),
    async partition(pk) {
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: "pk = :pk",
            ExpressionAttributeValues: { ":pk": pk },
            ExclusiveStartKey,
          }),
        );
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items;
    },
    destroy: () => client.destroy(),
  };
}
