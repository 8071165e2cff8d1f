export {
  type DynamoStoreStats,
  DynamoWorkshopStore,
  type DynamoWorkshopStoreOptions,
  MAX_ITEM_BYTES,
  MAX_TRANSACTION_ACTIONS,
} from "./dynamo-workshop-store.ts";
export { InvalidCursorError, ItemTooLargeError } from "./errors.ts";
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
