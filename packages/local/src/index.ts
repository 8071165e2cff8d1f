export type { DynamoDbLocalExit, DynamoDbLocalHandle, DynamoDbLocalOptions } from "./dynamodb-local.ts";
export {
  DynamoDbLocalStartError,
  JavaNotFoundError,
  PortInUseError,
  startDynamoDbLocal,
  waitForDynamoDb,
} from "./dynamodb-local.ts";
