import { startDynamoDbLocal } from "@targetwatch/dynamodb-local";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Endpoint of the DynamoDB Local shared by the whole test run; give each test file its own tables. */
    dynamodbEndpoint: string;
  }
}

/**
 * Starts one DynamoDB Local for the whole test run (a JVM start per test file would dominate the
 * suite's time) and hands its endpoint to tests through `inject("dynamodbEndpoint")`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamodb = await startDynamoDbLocal();
  project.provide("dynamodbEndpoint", dynamodb.endpoint);
  return () => dynamodb.stop();
}
