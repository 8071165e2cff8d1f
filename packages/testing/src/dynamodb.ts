import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/**
 * A table name no other test can pick, even in another worker process of the same run, which
 * shares one DynamoDB Local. Keeps to DynamoDB's rule: 3 to 255 of `[a-zA-Z0-9_.-]`.
 */
export function uniqueTableName(prefix: string): string {
  const safePrefix = prefix.replace(/[^a-zA-Z0-9_.-]/g, "-").slice(0, 200);
  return `${safePrefix}-${process.pid}-${randomBytes(6).toString("hex")}`;
}

/** A DynamoDB client for DynamoDB Local: fixed region and dummy credentials, never the machine's own. */
export function createTestDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
}
