import { Resource } from "sst";
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { ConfigurationError } from "../configuration-error.ts";

// zod/mini carries no messages of its own: English ones, as the API's contracts use.
z.config(en());

/** A number of seconds, 0 or more, `fallback` when unset. */
const seconds = (fallback: number) => z._default(z.coerce.number().check(z.nonnegative()), fallback);

const environmentSchema = z.object({
  TARGETWATCH_REGIONS: z.pipe(
    z.optional(z.string()),
    z.transform((v) =>
      v
        ?.split(",")
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  ),
  AWS_REGION: z.optional(z.string()),
  /** Seconds between burst re-samples while targets are transitional; 0 disables. */
  TARGETWATCH_BURST_INTERVAL_SECONDS: seconds(5),
  /**
   * How long one invocation may keep burst-sampling. EventBridge fires every minute and reserved
   * concurrency 1 keeps sweeps from overlapping, so a sweep should end before the next starts.
   */
  TARGETWATCH_SWEEP_BUDGET_SECONDS: seconds(50),
  /** ELBv2 requests started per second and region: below the account's Describe* bucket, leaving room for others. */
  TARGETWATCH_ELB_MAX_RPS: z._default(z.coerce.number().check(z.positive()), 20),
  /** ELBv2 requests the collector may start at once (its own token bucket's size). */
  TARGETWATCH_ELB_BURST: z._default(z.coerce.number().check(z.int(), z.minimum(1)), 20),
  /** Per-NLB metrics cost money per metric per month (docs/alarms.md): off unless "true". */
  TARGETWATCH_PER_NLB_METRICS: z._default(z.enum(["true", "false"]), "false"),
});

export interface CollectorSettings {
  tableName: string;
  regions: string[];
  burstIntervalSeconds: number;
  sweepBudgetSeconds: number;
  maxRequestsPerSecond: number;
  burst: number;
  perLoadBalancerMetrics: boolean;
}

export { ConfigurationError };

/** Reads the collector's settings: the table through its SST link, the rest from the environment. */
export function readCollectorSettings(env: NodeJS.ProcessEnv = process.env): CollectorSettings {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigurationError(`invalid collector configuration: ${problems}`);
  }
  const e = parsed.data;
  const regions = e.TARGETWATCH_REGIONS?.length ? e.TARGETWATCH_REGIONS : e.AWS_REGION ? [e.AWS_REGION] : [];
  if (regions.length === 0)
    throw new ConfigurationError("no region to watch: set TARGETWATCH_REGIONS or AWS_REGION");
  let tableName: string;
  try {
    tableName = Resource.Table.name;
  } catch (error) {
    throw new ConfigurationError(`the DynamoDB table is not linked: ${(error as Error).message}`);
  }
  return {
    tableName,
    regions,
    burstIntervalSeconds: e.TARGETWATCH_BURST_INTERVAL_SECONDS,
    sweepBudgetSeconds: e.TARGETWATCH_SWEEP_BUDGET_SECONDS,
    maxRequestsPerSecond: e.TARGETWATCH_ELB_MAX_RPS,
    burst: e.TARGETWATCH_ELB_BURST,
    perLoadBalancerMetrics: e.TARGETWATCH_PER_NLB_METRICS === "true",
  };
}
