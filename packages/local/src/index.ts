export * from "./api-gateway/api-gateway-server.ts";
export type { DynamoDbLocalExit, DynamoDbLocalHandle, DynamoDbLocalOptions } from "./dynamodb-local.ts";
export {
  DynamoDbLocalStartError,
  JavaNotFoundError,
  PortInUseError,
  startDynamoDbLocal,
  waitForDynamoDb,
} from "./dynamodb-local.ts";
export { type LocalApi, type LocalApiOptions, startLocalApi } from "./local-api.ts";
