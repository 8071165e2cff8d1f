import { WORKSHOPS_PK } from "@targetwatch/core/definitions";
import { API_ROUTE_KEYS, DASHBOARD_PACKAGE_DIR } from "@targetwatch/functions/definitions";
import { alarmsTopic, workshopAlarmPrefix } from "./alarms.ts";
import { collectorRoleArn, participantRoles } from "./collector.ts";
import { arn, lambdaBase } from "./lambda.ts";
import { PARTICIPANT_ROLE_NAMES_SETTING } from "./participant-access.ts";
import { deploySetting, LOG_RETENTION, passDeploySetting } from "./settings.ts";
import { table, tableAccess } from "./storage.ts";

/**
 * The bearer token facilitators send (`npx sst secret set ApiToken <token> --stage <stage>`);
 * the handler refuses to start with one shorter than 16 characters.
 */
export const apiToken = new sst.Secret("ApiToken");

/** The alarm actions the API needs to create, update, read and delete workshops' alarms. */
export const ALARM_ACTIONS = [
  "cloudwatch:PutMetricAlarm",
  "cloudwatch:DeleteAlarms",
  "cloudwatch:DescribeAlarms",
];

/**
 * What the API's routes read: workshop configs and heartbeats (Query, BatchGetItem; GetItem for
 * the config a versioned write starts from), NLB states and transitions (Query, on the table and
 * its index).
 */
export const API_TABLE_READS = ["dynamodb:BatchGetItem", "dynamodb:GetItem", "dynamodb:Query"];

/**
 * What `PUT` and `DELETE /workshops/{id}` write: one workshop config item. Configs live in the
 * one partition `WORKSHOPS` (packages/core's keys.ts), so the writes are limited to that
 * partition key: the API cannot touch NLB states or transitions. (IAM has no condition on the
 * sort key, so the heartbeats in that partition stay within its reach.)
 */
export const API_TABLE_WRITES = ["dynamodb:PutItem", "dynamodb:DeleteItem"];

const base = lambdaBase("api");

/**
 * One function serves every route: the handler routes itself (packages/functions/src/api/router.ts), shares its
 * warm workshop cache across routes, and one function means one cold start to pay, not ten.
 *
 * - Memory 256 MB: a request reads a few DynamoDB items by key and serialises JSON, far below
 *   256 MB; more memory would mostly buy CPU (it scales with memory) for the cold start of the
 *   bundle (SDK, middy, zod), at twice the price per millisecond for every warm request too.
 * - Timeout 10 s: API Gateway gives up after 29 s anyway; a request that takes 10 s is broken
 *   (the SDK's own retries included), and failing early frees the concurrency slot.
 */
export const apiHandler = new sst.aws.Function("ApiHandler", {
  name: base.name,
  description: "targetwatch: HTTP API for facilitators",
  handler: "packages/functions/src/api/handler.handler",
  runtime: base.runtime,
  architecture: base.architecture,
  memory: "256 MB",
  timeout: "10 seconds",
  logging: base.logging,
  nodejs: base.nodejs,
  // The facilitators' page, built by `npm run build` (npm ci, npm test and npm start run it), is
  // served by this function at `/` from its package's `dashboard/` folder.
  copyFiles: [{ from: "packages/dashboard/dist", to: DASHBOARD_PACKAGE_DIR }],
  link: [table, apiToken, alarmsTopic],
  environment: {
    // Browsers' origins allowed by CORS (comma-separated); none by default: curl and scripts
    // need no CORS. The handler answers preflights itself, so API Gateway's CORS is off below.
    TARGETWATCH_CORS_ORIGINS: deploySetting("TARGETWATCH_CORS_ORIGINS") ?? "",
    ...passDeploySetting("TARGETWATCH_REGIONS"),
    TARGETWATCH_ALARM_PREFIX: workshopAlarmPrefix,
    // What a workshop's participant template needs (GET /workshops/{id} returns it), and the
    // role names a workshop may use: the collector may assume no other.
    TARGETWATCH_COLLECTOR_ROLE_ARN: collectorRoleArn,
    [PARTICIPANT_ROLE_NAMES_SETTING]: participantRoles.join(","),
  },
  permissions: [
    // DescribeAlarms, PutMetricAlarm and DeleteAlarms all accept alarm ARNs as resources: the
    // API can only see and touch this stage's workshop alarms.
    { actions: ALARM_ACTIONS, resources: [arn("cloudwatch", `alarm:${workshopAlarmPrefix}*`)] },
    tableAccess(API_TABLE_READS),
    tableAccess(API_TABLE_WRITES, [
      // ForAllValues: every partition key the request touches must be WORKSHOPS.
      { test: "ForAllValues:StringEquals", variable: "dynamodb:LeadingKeys", values: [WORKSHOPS_PK] },
    ]),
    base.logPermission,
  ],
  transform: { role: base.roleTransform },
});

/** The HTTP API: one route per API route key, plus `$default` so unknown paths get the API's JSON 404. */
export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: false,
  accessLog: { retention: LOG_RETENTION },
});

for (const routeKey of [...API_ROUTE_KEYS, "$default"]) {
  api.route(routeKey, apiHandler.arn);
}
