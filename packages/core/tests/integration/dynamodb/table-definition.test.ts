import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  createTable,
  TABLE_DEFINITION,
  TableSchemaMismatchError,
} from "../../../src/adapters/dynamodb/table-definition.ts";

describe("createTable", () => {
  let client: DynamoDBClient;

  beforeAll(() => {
    client = createTestDynamoDbClient(inject("dynamodbEndpoint"));
  });

  afterAll(() => client.destroy());

  it("creates an on-demand table with the GSI and TTL on expiresAt, and accepts being run again", async () => {
    // Prepare
    const tableName = uniqueTableName("create-table");

    // Act
    await createTable(client, tableName);
    await createTable(client, tableName);

    // Assess
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe("ACTIVE");
    expect(Table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(Table?.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
    expect(Table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.KeySchema])).toEqual([
      [
        "gsi1",
        [
          { AttributeName: "gsi1pk", KeyType: "HASH" },
          { AttributeName: "gsi1sk", KeyType: "RANGE" },
        ],
      ],
    ]);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toEqual({
      TimeToLiveStatus: "ENABLED",
      AttributeName: TABLE_DEFINITION.ttl,
    });
  });

  it("refuses an existing table of that name with other keys instead of using it", async () => {
    // Prepare
    const tableName = uniqueTableName("foreign-table");
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
      }),
    );

    // Act
    const creating = createTable(client, tableName);

    // Assess
    await expect(creating).rejects.toBeInstanceOf(TableSchemaMismatchError);
  });
});
