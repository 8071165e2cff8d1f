export { type DynamoStoreStats, DynamoTable } from "./dynamo-table.ts";
export { DynamoWorkshopStore, type DynamoWorkshopStoreOptions } from "./dynamo-workshop-store.ts";
export {
  createDynamoDbClient,
  DYNAMODB_CONNECTION_TIMEOUT_MS,
  DYNAMODB_MAX_ATTEMPTS,
  DYNAMODB_REQUEST_TIMEOUT_MS,
} from "./dynamodb-client.ts";
export { InvalidCursorError, ItemTooLargeError } from "./errors.ts";
export { HeartbeatRepository } from "./heartbeat-repository.ts";
export { MAX_ITEM_BYTES } from "./item-codec.ts";
export { NlbStateRepository } from "./nlb-state-repository.ts";
export { MAX_TRANSACTION_ACTIONS } from "./nlb-update-plan.ts";
export {
  ATTRIBUTE_DEFINITIONS,
  createTable,
  GLOBAL_SECONDARY_INDEXES,
  GSI1_NAME,
  KEY_SCHEMA,
  TABLE_DEFINITION,
  TableSchemaMismatchError,
  TTL_ATTRIBUTE,
} from "./table-definition.ts";
export { TransitionLog } from "./transition-log.ts";
export { WorkshopRepository } from "./workshop-repository.ts";
