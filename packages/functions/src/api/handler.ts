import { join } from "node:path";
import type { Logger } from "@aws-lambda-powertools/logger";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { composeApi } from "./compose-api.ts";
import { readApiSettings } from "./config.ts";
import type { Api } from "./create-api-handler.ts";
import { DASHBOARD_PACKAGE_DIR } from "./route-keys.ts";

let api: Api | undefined;
let logger: Promise<Logger> | undefined;

/** Powertools' Logger, loaded by the first request that has something to log: most never do. */
function loadLogger(): Promise<Logger> {
  logger ??= import("@aws-lambda-powertools/logger").then(
    ({ Logger }) => new Logger({ serviceName: "targetwatch-api" }),
  );
  return logger;
}

/** Builds the API from the deployed configuration on the first request; warm invocations reuse it. */
export function apiFromEnvironment(): Api {
  if (!api) {
    const settings = readApiSettings();
    api = composeApi({
      dynamodb: new DynamoDBClient({}),
      tableName: settings.tableName,
      token: settings.token,
      regions: settings.regions,
      corsOrigins: settings.corsOrigins,
      participantRoles: settings.participantRoles,
      // infra copies the built page into the function's package (infra/api.ts).
      dashboardDir: join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), DASHBOARD_PACKAGE_DIR),
      // CloudWatch's client is created by the first request that reads or writes an alarm.
      ...(settings.alarms ? { alarms: settings.alarms } : {}),
      logger: loadLogger,
    }).api;
  }
  return api;
}

/** API Gateway HTTP API → this Lambda (payload format 2.0). */
export const handler = (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyResultV2> =>
  apiFromEnvironment().handler(event, context);
