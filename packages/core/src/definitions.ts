/**
 * What infra declares from core: the table and the `default` workshop's alarm as plain data,
 * from the same definitions the running code uses.
 */

export { stuckAlarmDefinition, workshopAlarmName } from "./adapters/cloudwatch/alarm-definition.ts";
export { WORKSHOPS_PK } from "./adapters/dynamodb/keys.ts";
export { TABLE_DEFINITION } from "./adapters/dynamodb/table-definition.ts";
