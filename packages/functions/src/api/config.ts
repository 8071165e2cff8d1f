import { DEFAULT_PARTICIPANT_ROLE_NAME, ROLE_NAME_PATTERN } from "@targetwatch/core/model";
import { Resource } from "sst/resource";
import { ConfigurationError } from "../configuration-error.ts";

export interface ApiSettings {
  tableName: string;
  token: string;
  regions: string[];
  corsOrigins: string[];
  /** Stuck-target alarms: name prefix (`<app>-<stage>-`) and the SNS topic; absent when not deployed with alarms. */
  alarms?: { prefix: string; topicArn: string };
  /**
   * The role names the collector may assume (TARGETWATCH_PARTICIPANT_ROLE_NAMES, comma-separated;
   * `TargetWatchReader` by default) and the collector role's ARN (TARGETWATCH_COLLECTOR_ROLE_ARN,
   * set by infra; absent: unknown), which participant roles trust.
   */
  participantRoles: { allowedRoleNames: string[]; collectorRoleArn?: string };
}

/** The table and token through their SST links (a Dynamo table and a Secret), the rest from the environment. */
export function readApiSettings(env: NodeJS.ProcessEnv = process.env): ApiSettings {
  let tableName: string;
  let token: string;
  try {
    tableName = Resource.Table.name;
    token = Resource.ApiToken.value;
  } catch (error) {
    throw new ConfigurationError(`the API's links are missing: ${(error as Error).message}`);
  }
  if (token.length < 16) throw new ConfigurationError("the API token must be at least 16 characters long");
  const list = (value: string | undefined) =>
    (value ?? "")
      .split(",")
      .map((v) => v.trim())
      .filter(Boolean);
  const regions = list(env.TARGETWATCH_REGIONS);
  return {
    tableName,
    token,
    regions: regions.length > 0 ? regions : list(env.AWS_REGION),
    corsOrigins: list(env.TARGETWATCH_CORS_ORIGINS),
    participantRoles: participantRoleSettings(env, list),
    ...alarmSettings(env),
  };
}

function participantRoleSettings(
  env: NodeJS.ProcessEnv,
  list: (value: string | undefined) => string[],
): ApiSettings["participantRoles"] {
  const names = list(env.TARGETWATCH_PARTICIPANT_ROLE_NAMES);
  const invalid = names.filter((name) => !ROLE_NAME_PATTERN.test(name));
  if (invalid.length > 0) {
    throw new ConfigurationError(
      `TARGETWATCH_PARTICIPANT_ROLE_NAMES names invalid IAM role names: ${invalid.join(", ")}`,
    );
  }
  const collectorRoleArn = env.TARGETWATCH_COLLECTOR_ROLE_ARN?.trim();
  return {
    allowedRoleNames: names.length > 0 ? names : [DEFAULT_PARTICIPANT_ROLE_NAME],
    ...(collectorRoleArn ? { collectorRoleArn } : {}),
  };
}

function alarmSettings(env: NodeJS.ProcessEnv): { alarms?: { prefix: string; topicArn: string } } {
  const prefix = env.TARGETWATCH_ALARM_PREFIX;
  if (!prefix) return {};
  let topicArn: string;
  try {
    topicArn = Resource.Alarms.arn;
  } catch (error) {
    throw new ConfigurationError(
      `TARGETWATCH_ALARM_PREFIX is set but the Alarms topic is not linked: ${(error as Error).message}`,
    );
  }
  return { alarms: { prefix, topicArn } };
}
