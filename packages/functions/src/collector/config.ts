import { DEFAULT_BURST, DEFAULT_MAX_REQUESTS_PER_SECOND } from "@targetwatch/core/adapters/elbv2";
import { DEFAULT_SWEEP_BUDGET_SECONDS } from "@targetwatch/core/model";
import { Resource } from "sst";
import { ConfigurationError } from "../configuration-error.ts";
import { choiceSetting, listSetting, numberSetting, type Problems } from "./environment.ts";

export interface CollectorSettings {
  tableName: string;
  regions: string[];
  burstIntervalSeconds: number;
  sweepBudgetSeconds: number;
  maxRequestsPerSecond: number;
  burst: number;
  perLoadBalancerMetrics: boolean;
  /** The prefix of the workshops' alarms, whose descriptions the collector keeps naming who is stuck; unset: it leaves them. */
  alarmPrefix?: string;
}

export { ConfigurationError };

/** Reads the collector's settings: the table through its SST link, the rest from the environment. */
export function readCollectorSettings(env: NodeJS.ProcessEnv = process.env): CollectorSettings {
  const problems: Problems = [];
  const settings = {
    /** Seconds between burst re-samples while targets are transitional; 0 disables. */
    burstIntervalSeconds: numberSetting(
      env,
      "TARGETWATCH_BURST_INTERVAL_SECONDS",
      { fallback: 5, min: 0 },
      problems,
    ),
    /**
     * How long one invocation may keep burst-sampling. EventBridge fires every minute and reserved
     * concurrency 1 keeps sweeps from overlapping, so a sweep should end before the next starts.
     */
    sweepBudgetSeconds: numberSetting(
      env,
      "TARGETWATCH_SWEEP_BUDGET_SECONDS",
      { fallback: DEFAULT_SWEEP_BUDGET_SECONDS, min: 0 },
      problems,
    ),
    /**
     * ELBv2 requests started per second and region: half the default Describe* bucket's refill
     * (10/s), leaving the rest to the participants' Load Balancer Controllers (docs/collector.md
     * says how to raise it for an account with a raised quota).
     */
    maxRequestsPerSecond: numberSetting(
      env,
      "TARGETWATCH_ELB_MAX_RPS",
      { fallback: DEFAULT_MAX_REQUESTS_PER_SECOND, min: 0, exclusiveMin: true },
      problems,
    ),
    /** ELBv2 requests the collector may start at once (its own token bucket's size). */
    burst: numberSetting(
      env,
      "TARGETWATCH_ELB_BURST",
      { fallback: DEFAULT_BURST, min: 1, integer: true },
      problems,
    ),
    /** Per-NLB metrics cost money per metric per month (docs/alarms.md): off unless "true". */
    perLoadBalancerMetrics:
      choiceSetting(env, "TARGETWATCH_PER_NLB_METRICS", ["true", "false"], "false", problems) === "true",
  };
  if (problems.length > 0) {
    throw new ConfigurationError(`invalid collector configuration: ${problems.join("; ")}`);
  }
  const watched = listSetting(env, "TARGETWATCH_REGIONS");
  const regions = watched.length > 0 ? watched : listSetting(env, "AWS_REGION");
  if (regions.length === 0)
    throw new ConfigurationError("no region to watch: set TARGETWATCH_REGIONS or AWS_REGION");
  let tableName: string;
  try {
    tableName = Resource.Table.name;
  } catch (error) {
    throw new ConfigurationError(`the DynamoDB table is not linked: ${(error as Error).message}`);
  }
  // The API's and the stack's alarms, under the prefix the API uses (infra sets it on both functions).
  const alarmPrefix = env.TARGETWATCH_ALARM_PREFIX?.trim();
  return { tableName, regions, ...settings, ...(alarmPrefix ? { alarmPrefix } : {}) };
}
