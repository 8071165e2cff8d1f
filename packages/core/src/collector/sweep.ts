import { DEFAULT_BURST_INTERVAL_SECONDS, DEFAULT_MAX_SAMPLING_INTERVAL_SECONDS } from "../model/constants.ts";
import type { WorkshopGoal } from "../model/progress.ts";
import type {
  AccountSources,
  CollectorClock,
  CollectorStore,
  MetricsSink,
  StuckAlarmDescriptions,
  TargetHealthSource,
} from "../ports/index.ts";
import type { SweepMemory } from "./load.ts";
import { burst } from "./phases/burst.ts";
import { discover } from "./phases/discover.ts";
import { publish } from "./phases/publish.ts";
import { sample } from "./phases/sample.ts";
import { finishSweep, type SweepContext, type SweepFinish, startSweep } from "./sweep-context.ts";

export interface SweepOptions {
  /** The deployment's own account. */
  source: TargetHealthSource;
  /** Participant accounts (workshops with `accounts`), each through its role. */
  accountSources?: AccountSources;
  store: CollectorStore;
  clock: CollectorClock;
  /** Regions watched by workshops that name none (the Lambda's own region in production). */
  defaultRegions: string[];
  /**
   * Epoch ms by which the sweep must be done, heartbeats and metrics included (the Lambda's
   * deadline less a margin). Every request still running then is aborted.
   */
  deadline: number;
  /** Seconds between burst re-samples; 0 disables burst sampling. */
  burstIntervalSeconds?: number;
  /**
   * What participants work toward (default: ip mode, 3 healthy targets): an NLB switched to ip
   * but short of it keeps being burst-sampled, for the scale-out's registrations.
   */
  goal?: WorkshopGoal;
  /** A window wider than this crosses a gap (seconds); default 1.5 scheduled sweeps. */
  maxSamplingIntervalSeconds?: number;
  /** How long one store request may take before the store counts as unavailable (ms); default 5 s. */
  storeTimeoutMs?: number;
  metrics?: MetricsSink;
  /** Each workshop's stuck alarm, told who is stuck (its description) before the metrics go out. */
  alarms?: StuckAlarmDescriptions;
  /** What this collector's previous sweeps left in memory; the sweep updates it. */
  memory?: SweepMemory;
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
  /** NLB writes that found an overlapping sweep there first: refused (its reading was newer) or re-diffed. */
  conflicts: number;
  durationMs: number;
  errors: string[];
  /** Work a deadline cut short (`what: deadline … passed`): the next sweep continues from the stored state. */
  incomplete: string[];
  /** False when the store could not be used: nothing was recorded, the metrics came from memory. */
  storeAvailable: boolean;
  /** The period without recorded data this sweep ended, if any (changes across it are marked `gap`). */
  gap?: { from: string; to: string };
}

/**
 * One collector run: discover every selected NLB in every watched region, diff each against its
 * persisted state per workshop and write what changed, then keep re-sampling target groups that
 * are mid-transition until the deadline — so `initial → healthy` is timed to seconds even though
 * EventBridge schedules at most once a minute — and finally publish heartbeats and metrics.
 * Failures are collected in the summary's `errors`, work cut short by the deadline in its
 * `incomplete`; one NLB's or region's never stops the others, and a stalled store or ELBv2
 * never keeps the sweep past its deadline.
 */
export async function runSweep(options: SweepOptions): Promise<SweepSummary> {
  const memory = options.memory ?? {};
  const context = await startSweep({
    ...options,
    memory,
    maxSamplingIntervalMs:
      (options.maxSamplingIntervalSeconds ?? DEFAULT_MAX_SAMPLING_INTERVAL_SECONDS) * 1000,
  });
  const readings = await discover(context);
  await sample(context, readings);
  await burst(context, {
    intervalMs: (options.burstIntervalSeconds ?? DEFAULT_BURST_INTERVAL_SECONDS) * 1000,
    ...(options.goal ? { goal: options.goal } : {}),
  });
  if (context.storeDown !== undefined) {
    context.errors.push(
      `store unavailable (${context.storeDown}): metrics published from the last known states, nothing recorded until it answers again`,
    );
  }
  const finish = finishSweep(context);
  await publish(context, finish, {
    ...(options.metrics ? { metrics: options.metrics } : {}),
    ...(options.alarms ? { alarms: options.alarms } : {}),
  });
  remember(memory, context);
  return summarize(context, finish);
}

/** What the next sweep of this collector needs to know: the states in memory, and whether reads went unrecorded. */
function remember(memory: SweepMemory, context: SweepContext): void {
  memory.workshops = context.workshops;
  if (context.unrecorded || context.storeDown !== undefined) memory.unrecordedSince ??= context.startedAt;
  else delete memory.unrecordedSince;
}

/** Counts NLBs, target groups and targets once even when several workshops share them. */
function summarize(context: SweepContext, finish: SweepFinish): SweepSummary {
  const uniqueNlbs = new Map(
    context.workshops.flatMap(({ states }) => [...states.values()].map(({ state }) => [state.arn, state])),
  );
  const nlbs = [...uniqueNlbs.values()];
  const gap = context.workshops.find((tracked) => tracked.gap)?.gap;
  const iso = (at: number) => new Date(at).toISOString();
  return {
    startedAt: iso(context.startedAt),
    workshops: context.workshops.length,
    loadBalancers: uniqueNlbs.size,
    targetGroups: new Set(nlbs.flatMap((s) => s.targetGroups.map((g) => g.arn))).size,
    targets: nlbs.reduce((n, s) => n + s.targets.length, 0),
    elbApiCalls: finish.elbApiCalls,
    elbThrottled: finish.elbThrottled,
    dynamodbWrites: context.store.stats().writeRequests - context.baseline.storeWrites,
    transitions: context.counters.transitions,
    burstRounds: context.counters.burstRounds,
    conflicts: context.counters.conflicts,
    durationMs: context.clock.now() - context.startedAt,
    errors: context.errors,
    incomplete: context.incomplete,
    storeAvailable: context.storeDown === undefined,
    ...(gap ? { gap: { from: iso(gap.from), to: iso(gap.to) } } : {}),
  };
}
