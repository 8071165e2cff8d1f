import { createHash } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoWorkshopStore, WorkshopAlarms, WorkshopQueries } from "@targetwatch/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { readApiSettings } from "./config.ts";
import { type Api, createApi } from "./create-api-handler.ts";

export const logger = new Logger({ serviceName: "targetwatch-api" });

let api: Api | undefined;

/** Builds the API from the deployed configuration on the first request; warm invocations reuse it. */
export function apiFromEnvironment(): Api {
  if (!api) {
    const settings = readApiSettings();
    const store = new DynamoWorkshopStore({
      client: DynamoDBDocumentClient.from(new DynamoDBClient({})),
      tableName: settings.tableName,
    });
    api = createApi({
      queries: new WorkshopQueries({
        store,
        defaultRegions: settings.regions,
        ...(settings.alarms
          ? { alarms: new WorkshopAlarms({ client: new CloudWatchClient({}), ...settings.alarms }) }
          : {}),
        // Page tokens are signed with a key derived from the API token: rotating the token invalidates them.
        tokenSecret: createHash("sha256").update(`targetwatch page tokens\n${settings.token}`).digest("hex"),
      }),
      token: settings.token,
      corsOrigins: settings.corsOrigins,
      logger,
    });
  }
  return api;
}

/** API Gateway HTTP API → this Lambda (payload format 2.0). */
export const handler = (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyResultV2> =>
  apiFromEnvironment().handler(event, context);
