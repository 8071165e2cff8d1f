/**
 * What every infra file needs to know about the stage being deployed, and the few settings a
 * deployer may give through the environment of `sst deploy` (plain environment variables, so
 * that CI and a laptop deploy the same way and nothing needs a config file).
 */
import { protectsData } from "./data-protection.ts";

/**
 * Whether this stage's data must survive mistakes: a production stage, or any stage deployed with
 * TARGETWATCH_PROTECT=true (see data-protection.ts, storage.ts and `removal` in sst.config.ts).
 */
export const isProtected = protectsData($app.stage);

/**
 * Every name this app gives itself starts with app and stage, so two stages can live in one
 * account and a policy can be scoped to one stage's names.
 */
export const namePrefix = `${$app.name}-${$app.stage}`;

/**
 * The prefix of the workshops' alarms (TARGETWATCH_ALARM_PREFIX): the API creates, updates and
 * deletes alarms under it, the collector only describes them and updates their description. The
 * `/` cannot occur in a stage name, so stage `prod`'s prefix never matches stage `prod-eu`'s alarms.
 */
export const workshopAlarmPrefix = `${namePrefix}/workshop-`;

/**
 * How long Lambda logs (and the HTTP API's access log) are kept. A month covers the debrief
 * after a workshop season's events without paying to store logs nobody reads (CloudWatch Logs
 * charges per GB stored, every month).
 */
export const LOG_RETENTION = "1 month" as const;

/**
 * A deploy-time setting: `TARGETWATCH_X=… npx sst deploy` passes it on to the Lambdas. Empty
 * counts as unset, so `TARGETWATCH_X= npx sst deploy` restores the default.
 */
export function deploySetting(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

/** `{ [name]: value }` when the deploy-time setting is given, else `{}` so the Lambda's default applies. */
export function passDeploySetting(name: string): Record<string, string> {
  const value = deploySetting(name);
  return value === undefined ? {} : { [name]: value };
}
