import { randomBytes } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ApiStore } from "@targetwatch/core/ports";
import type { ParticipantRoleSettings, WorkshopQueries } from "@targetwatch/core/queries";
import { DASHBOARD_DIST } from "@targetwatch/dashboard";
import { composeApi, routeKeys } from "@targetwatch/functions/api";
import { type ApiGatewayServer, startApiGatewayServer } from "./api-gateway/api-gateway-server.ts";

export interface LocalApiOptions {
  /** DynamoDB endpoint (DynamoDB Local) and table. */
  dynamodb: DynamoDBClient;
  tableName: string;
  /** Bearer token; generated when omitted (read it from the result). */
  token?: string;
  port?: number;
  host?: string;
  regions?: string[];
  corsOrigins?: string[];
  /** The API's clock (the simulator's in a simulated run). */
  now?: () => number;
  /** Stuck-target alarms on this CloudWatch (the simulator's), named with `alarmPrefix`. */
  cloudwatch?: CloudWatchClient;
  alarmPrefix?: string;
  alarmTopicArn?: string;
  /** The built dashboard page served at `/`; packages/dashboard/dist by default (`npm run build`). */
  dashboardDir?: string;
  /** The deployment's participant-role settings, as TARGETWATCH_PARTICIPANT_ROLE_NAMES and TARGETWATCH_COLLECTOR_ROLE_ARN give them deployed; none: any role name. */
  participantRoles?: ParticipantRoleSettings;
  /** Reuse of a workshop's config between requests, ms (default 5 s as deployed; tests use 0). */
  workshopCacheMs?: number;
  logLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR" | "SILENT";
  /** Where participants' join requests go (the simulator's STS); by default the SDK's endpoint. */
  stsEndpoint?: string;
}

export interface LocalApi extends ApiGatewayServer {
  token: string;
  /** The API's table, as the API sees it. */
  store: ApiStore;
  /** The API's query layer, for in-process readers such as `npm start`'s live view. */
  queries: WorkshopQueries;
}

/**
 * The deployed API handler behind a local stand-in for API Gateway (HTTP API, payload 2.0):
 * the same code, routes and middlewares, on http://127.0.0.1:<port>.
 */
export async function startLocalApi(options: LocalApiOptions): Promise<LocalApi> {
  const token = options.token ?? randomBytes(24).toString("base64url");
  const { api, store, queries } = composeApi({
    dynamodb: options.dynamodb,
    tableName: options.tableName,
    token,
    regions: options.regions ?? ["us-west-2"],
    ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
    dashboardDir: options.dashboardDir ?? DASHBOARD_DIST,
    ...(options.cloudwatch
      ? {
          alarms: {
            client: options.cloudwatch,
            prefix: options.alarmPrefix ?? "targetwatch-local/workshop-",
            ...(options.alarmTopicArn ? { topicArn: options.alarmTopicArn } : {}),
          },
        }
      : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.workshopCacheMs !== undefined ? { workshopCacheMs: options.workshopCacheMs } : {}),
    ...(options.stsEndpoint ? { stsEndpoint: options.stsEndpoint } : {}),
    ...(options.participantRoles ? { participantRoles: options.participantRoles } : {}),
    // Page tokens die with the process, as they always have locally.
    pageTokenSecret: randomBytes(32).toString("hex"),
    logger: new Logger({ serviceName: "targetwatch-api", logLevel: options.logLevel ?? "WARN" }),
  });
  const server = await startApiGatewayServer({
    handler: api.handler,
    routes: routeKeys(api.routes).concat("$default"),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host ? { host: options.host } : {}),
    functionName: "targetwatch-api",
  });
  return { ...server, token, store, queries };
}
