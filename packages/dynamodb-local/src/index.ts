export {
  type DynamoDbLocalExit,
  type DynamoDbLocalHandle,
  type DynamoDbLocalOptions,
  DynamoDbLocalStartError,
  JavaNotFoundError,
  PortInUseError,
  startDynamoDbLocal,
  waitForDynamoDb,
} from "./dynamodb-local.ts";
