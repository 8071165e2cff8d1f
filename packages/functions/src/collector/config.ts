import { Resource } from "sst";
import { z } from "zod";

const positiveSeconds = z.coerce.number().nonnegative().finite();

const environmentSchema = z.object({
  TARGETWATCH_REGIONS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ?.split(",")
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  AWS_REGION: z.string().optional(),
  /** Seconds between burst re-samples while targets are transitional; 0 disables. */
  TARGETWATCH_BURST_INTERVAL_SECONDS: positiveSeconds.default(5),
  /**
   * How long one invocation may keep burst-sampling. EventBridge fires every minute and reserved
   * concurrency 1 keeps sweeps from overlapping, so a sweep should end before the next starts.
   */
  TARGETWATCH_SWEEP_BUDGET_SECONDS: positiveSeconds.default(50),
  /**
   * ELBv2 requests started per second and region: half the default Describe* bucket's refill
   * (10/s), leaving the rest to the participants' Load Balancer Controllers (the adapter's
   * defaults, core's adapters/elbv2/limits.ts; docs/collector.md says how to raise them).
   */
  TARGETWATCH_ELB_MAX_RPS: z.coerce.number().positive().finite().default(5),
  /** ELBv2 requests the collector may start at once (its own token bucket's size). */
  TARGETWATCH_ELB_BURST: z.coerce.number().int().min(1).default(5),
  /** Per-NLB metrics cost money per metric per month (docs/alarms.md): off unless "true". */
  TARGETWATCH_PER_NLB_METRICS: z.enum(["true", "false"]).default("false"),
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

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

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
