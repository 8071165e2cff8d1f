/**
 * The whole app, one file per concern. Each file imports what it builds on, so the resources
 * come in dependency order whatever the order here: the table (storage), the collector that
 * fills it, the alarms on the collector and their topic, the API that reads the table and
 * manages the workshops' alarms.
 */
import { alarmsTopic } from "./alarms.ts";
import { api } from "./api.ts";
import { collectorRoleArn } from "./collector.ts";
import "./storage.ts";

/**
 * What `sst deploy` prints: where facilitators call the API, what to subscribe to for alarms, and
 * the role every participant role must trust (infra/participant-role.yaml's CollectorRoleArn).
 */
export const outputs = {
  api: api.url,
  alarmsTopic: alarmsTopic.arn,
  collectorRoleArn,
};
