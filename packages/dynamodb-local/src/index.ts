export {
  type DynamoDbLocalExit,
  type DynamoDbLocalHandle,
  type DynamoDbLocalOptions,
  startDynamoDbLocal,
} from "./dynamodb-local.ts";
export { DynamoDbLocalStartError, JavaNotFoundError, PortInUseError } from "./errors.ts";
export { findFreePort } from "./ports.ts";
export { waitForDynamoDb } from "./readiness.ts";
