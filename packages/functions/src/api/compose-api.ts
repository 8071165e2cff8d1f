import { createHash } from "node:crypto";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoWorkshopStore } from "@targetwatch/core/adapters/dynamodb";
import { type ParticipantRoleSettings, WorkshopQueries } from "@targetwatch/core/queries";
import { type Api, type ApiLogger, createApi } from "./create-api-handler.ts";
import { LazyAlarms } from "./lazy-alarms.ts";

/** Everything the API is built from: the deployed Lambda and the local stack differ only in these. */
export interface ApiComposition {
  /** The DynamoDB the table lives in (DynamoDB Local in the local stack). */
  dynamodb: DynamoDBClient;
  tableName: string;
  /** The bearer token clients must send. */
  token: string;
  /** Regions the collector watches, for workshops that name none. */
  regions: string[];
  /** Origins allowed by CORS; none (the default) sends no CORS headers. */
  corsOrigins?: string[];
  /** The built dashboard page served at `/` (packages/dashboard/dist, or its copy in the Lambda's package). */
  dashboardDir?: string;
  /**
   * The workshops' stuck-target alarms: the prefix of the alarms' names, the SNS topic they
   * notify and the CloudWatch client (by default one from the environment, created when an alarm
   * is first needed). Without it the API keeps no alarms and reports `alarm: null`.
   */
  alarms?: { client?: CloudWatchClient; prefix: string; topicArn?: string };
  /**
   * The role names the collector may assume (a workshop's roleName must be one; any when omitted)
   * and the collector role's ARN (GET /workshops/{id} then says what a participant role needs).
   */
  participantRoles?: ParticipantRoleSettings;
  /** The clock of the store and the queries; the system clock by default. */
  now?: () => number;
  /** Reuse of a workshop's config between requests, ms; the query layer's default (5 s) when omitted. */
  workshopCacheMs?: number;
  /**
   * The key page tokens are signed with. By default derived from the token, so rotating the
   * token invalidates them and every warm function instance accepts the others' tokens.
   */
  pageTokenSecret?: string;
  /**
   * The STS endpoint participants' join requests are sent to; by default the SDK's
   * (`AWS_ENDPOINT_URL_STS`, else `https://sts.<AWS_REGION>.amazonaws.com`).
   */
  stsEndpoint?: string;
  logger: ApiLogger;
}

/** The API and the pieces it is made of, for in-process readers such as `npm start`'s live view. */
export interface ComposedApi {
  api: Api;
  store: DynamoWorkshopStore;
  queries: WorkshopQueries;
}

/** The one place the API is put together, for the Lambda handler and the local stack alike. */
export function composeApi(composition: ApiComposition): ComposedApi {
  const { now, workshopCacheMs, alarms, corsOrigins } = composition;
  const store = new DynamoWorkshopStore({
    client: DynamoDBDocumentClient.from(composition.dynamodb),
    tableName: composition.tableName,
    ...(now ? { now } : {}),
  });
  const queries = new WorkshopQueries({
    store,
    defaultRegions: composition.regions,
    ...(alarms
      ? {
          alarms: new LazyAlarms({
            prefix: alarms.prefix,
            ...(alarms.client ? { client: alarms.client } : {}),
            ...(alarms.topicArn ? { topicArn: alarms.topicArn } : {}),
          }),
        }
      : {}),
    tokenSecret: composition.pageTokenSecret ?? pageTokenSecretOf(composition.token),
    ...(now ? { now } : {}),
    ...(workshopCacheMs !== undefined ? { workshopCacheMs } : {}),
    ...(composition.participantRoles ? { participantRoles: composition.participantRoles } : {}),
  });
  const api = createApi({
    queries,
    token: composition.token,
    ...(corsOrigins ? { corsOrigins } : {}),
    ...(composition.dashboardDir ? { dashboardDir: composition.dashboardDir } : {}),
    // Not the composition's clock, which may be simulated: signatures are dated in real time.
    joining: { store, ...(composition.stsEndpoint ? { stsEndpoint: composition.stsEndpoint } : {}) },
    logger: composition.logger,
  });
  return { api, store, queries };
}

function pageTokenSecretOf(token: string): string {
  return createHash("sha256").update(`targetwatch page tokens\n${token}`).digest("hex");
}
