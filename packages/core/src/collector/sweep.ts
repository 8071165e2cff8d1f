import { DEFAULT_BURST_INTERVAL_SECONDS } from "../model/constants.ts";
import type { CollectorClock, CollectorStore, MetricsSink, TargetHealthSource } from "../ports/index.ts";
import { burst } from "./phases/burst.ts";
import { discover } from "./phases/discover.ts";
import { publish } from "./phases/publish.ts";
import { sample } from "./phases/sample.ts";
import { finishSweep, type SweepContext, type SweepFinish, startSweep } from "./sweep-context.ts";

export interface SweepOptions {
  source: TargetHealthSource;
  store: CollectorStore;
  clock: CollectorClock;
  /** Regions watched by workshops that name none (the Lambda's own region in production). */
  defaultRegions: string[];
  /**
   * Epoch ms by which the sweep must be done (the Lambda's deadline less a margin). Burst
   * sampling continues while there is time for another round before it.
   */
  deadline: number;
  /** Seconds between burst re-samples; 0 disables burst sampling. */
  burstIntervalSeconds?: number;
  metrics?: MetricsSink;
}

/** What one sweep did: the summary log line and the return value of the collector Lambda. */
export interface SweepSummary {
  startedAt: string;
  workshops: number;
  loadBalancers: number;
  targetGroups: number;
  targets: number;
  elbApiCalls: number;
  elbThrottled: number;
  dynamodbWrites: number;
  transitions: number;
  burstRounds: number;
  durationMs: number;
  errors: string[];
}

/**
 * One collector run: discover every selected NLB in every watched region, diff each against its
 * persisted state per workshop and write what changed, then keep re-sampling target groups that
 * are mid-transition until the deadline — so `initial → healthy` is timed to seconds even though
 * EventBridge schedules at most once a minute — and finally publish heartbeats and metrics.
 * Failures are collected in the summary's `errors`; one NLB's or region's never stops the others.
 */
export async function runSweep(options: SweepOptions): Promise<SweepSummary> {
  const context = await startSweep(options);
  const readings = await discover(context);
  await sample(context, readings);
  await burst(context, {
    deadline: options.deadline,
    intervalMs: (options.burstIntervalSeconds ?? DEFAULT_BURST_INTERVAL_SECONDS) * 1000,
  });
  const finish = finishSweep(context);
  await publish(context, finish, options.metrics);
  return summarize(context, finish);
}

/** Counts NLBs, target groups and targets once even when several workshops share them. */
function summarize(context: SweepContext, finish: SweepFinish): SweepSummary {
  const uniqueNlbs = new Map(
    context.workshops.flatMap(({ states }) => [...states.values()].map(({ state }) => [state.arn, state])),
  );
  const nlbs = [...uniqueNlbs.values()];
  return {
    startedAt: new Date(context.startedAt).toISOString(),
    workshops: context.workshops.length,
    loadBalancers: uniqueNlbs.size,
    targetGroups: new Set(nlbs.flatMap((s) => s.targetGroups.map((g) => g.arn))).size,
    targets: nlbs.reduce((n, s) => n + s.targets.length, 0),
    elbApiCalls: finish.elbApiCalls,
    elbThrottled: finish.elbThrottled,
    dynamodbWrites: context.store.stats().writeRequests - context.baseline.storeWrites,
    transitions: context.counters.transitions,
    burstRounds: context.counters.burstRounds,
    durationMs: context.clock.now() - context.startedAt,
    errors: context.errors,
  };
}
