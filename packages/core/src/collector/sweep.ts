import PQueue from "p-queue";
import { DEFAULT_BURST_INTERVAL_SECONDS } from "../model/constants.ts";
import type { NlbSnapshot, RegionSnapshot, TargetObservation } from "../model/snapshot.ts";
import type { NlbState } from "../model/state.ts";
import { DEFAULT_WORKSHOP, type Workshop } from "../model/workshop.ts";
import {
  type CollectorClock,
  type CollectorStore,
  ConcurrentUpdateError,
  type MetricsSink,
  type NlbMetrics,
  type SweepHeartbeat,
  type TargetHealthSource,
} from "../ports/index.ts";
import {
  diffNlb,
  markNlbError,
  needsBurst,
  regionsToWatch,
  selectsNlb,
  snapshotFromState,
  summarizeTargets,
  transitionalTargetGroups,
  withSampledTargets,
} from "../rules/index.ts";

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

interface Tracked {
  workshop: Workshop;
  /** NLB ARN → its persisted state and store version. */
  states: Map<string, { state: NlbState; version: number }>;
  /** Regions this sweep read completely and recorded without error (see SweepHeartbeat). */
  observedAt: Record<string, number>;
}

/** NLB writes in flight at once. */
const WRITE_CONCURRENCY = 16;

/** How often an NLB update is re-diffed against fresh state when another sweep got there first. */
const MAX_CONFLICT_RETRIES = 3;

/**
 * One collector run: discover every selected NLB in every watched region, diff each against its
 * persisted state per workshop, write what changed, then keep re-sampling target groups that
 * are mid-transition until the deadline — so `initial → healthy` is timed to seconds even though
 * EventBridge schedules at most once a minute.
 */
export async function runSweep(options: SweepOptions): Promise<SweepSummary> {
  const { source, store, clock } = options;
  const startedAt = clock.now();
  const writesBefore = store.stats().writeRequests;
  const sourceBefore = source.stats();
  const errors: string[] = [];
  let transitions = 0;

  const configured = await store.listWorkshops();
  const workshops = configured.length > 0 ? configured : [DEFAULT_WORKSHOP];
  const tracked: Tracked[] = await Promise.all(
    workshops.map(async (workshop) => {
      const [states, heartbeat] = await Promise.all([
        store.loadNlbStates(workshop.id),
        store.getHeartbeat(workshop.id),
      ]);
      return { workshop, states: withLatestSightings(states, heartbeat?.regionsObservedAt), observedAt: {} };
    }),
  );

  const apply = async (
    entry: Tracked,
    arn: string,
    compute: (previous?: NlbState) => ReturnType<typeof diffNlb> | undefined,
  ) => {
    for (let attempt = 0; ; attempt++) {
      const previous = entry.states.get(arn);
      const result = compute(previous?.state);
      if (!result) return;
      if (!result.changed) {
        // Nothing to write, but remember the sighting so later burst rounds open their windows here.
        if (previous && result.next) entry.states.set(arn, { state: result.next, version: previous.version });
        return;
      }
      try {
        await store.applyUpdate(
          {
            workshopId: entry.workshop.id,
            ...(previous ? { previous } : {}),
            ...(result.next ? { next: result.next } : {}),
            transitions: result.transitions,
          },
          entry.workshop.retentionDays,
        );
      } catch (error) {
        if (!(error instanceof ConcurrentUpdateError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        // Another sweep wrote this NLB first: re-diff against what it stored, so its transitions
        // are neither duplicated nor lost.
        const fresh = (await store.loadNlbStates(entry.workshop.id)).get(arn);
        if (fresh) entry.states.set(arn, fresh);
        else entry.states.delete(arn);
        continue;
      }
      transitions += result.transitions.length;
      if (result.next) entry.states.set(arn, { state: result.next, version: (previous?.version ?? 0) + 1 });
      else entry.states.delete(arn);
      return;
    }
  };

  /** Diffs, or skips when the stored state is already newer than this observation (an overlapping sweep won). */
  const diffUnlessStale = (
    previous: NlbState | undefined,
    snapshot: NlbSnapshot | undefined,
    observedAt: number,
  ) =>
    previous && previous.lastSeenAt > observedAt ? undefined : diffNlb({ previous, snapshot, observedAt });

  const guarded = async (what: string, work: () => Promise<void>): Promise<boolean> => {
    try {
      await work();
      return true;
    } catch (error) {
      errors.push(`${what}: ${errorMessage(error)}`);
      return false;
    }
  };

  // NLBs are independent items, so their writes go out in parallel, bounded to stay well inside
  // the table's and the client's connection limits.
  const writes = new PQueue({ concurrency: WRITE_CONCURRENCY });
  const writeAll = (tasks: (() => Promise<boolean>)[]) => Promise.all(tasks.map((task) => writes.add(task)));

  // ---- full discovery, region by region ----
  const regions = regionsToWatch(workshops, options.defaultRegions);
  const snapshots = await Promise.all(
    regions.map(async (region): Promise<RegionSnapshot | Error> => {
      try {
        return await source.discover(region, (nlb) =>
          workshops.some((w) =>
            selectsNlb(w, { region, name: nlb.name, tags: nlb.tags }, options.defaultRegions),
          ),
        );
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    }),
  );

  for (const [i, region] of regions.entries()) {
    const snapshot = snapshots[i] as RegionSnapshot | Error;
    if (snapshot instanceof Error) errors.push(`discovery in ${region}: ${snapshot.message}`);
    else for (const [arn, message] of snapshot.failures) errors.push(`${arn}: ${message}`);
    for (const entry of tracked) {
      const { workshop } = entry;
      if (!regionsToWatch([workshop], options.defaultRegions).includes(region)) continue;
      const marked = (arn: string, message: string, at: number) => () =>
        guarded(`${workshop.id} ${entry.states.get(arn)?.state.name ?? arn}`, () =>
          apply(
            entry,
            arn,
            (prev) => prev && { next: markNlbError(prev, message, at), transitions: [], changed: true },
          ),
        );
      if (snapshot instanceof Error) {
        // The region could not be read: every NLB there keeps its last known state, marked.
        const arns = [...entry.states].filter(([, { state }]) => state.region === region).map(([arn]) => arn);
        await writeAll(arns.map((arn) => marked(arn, snapshot.message, clock.now())));
        continue;
      }
      const seen = new Set<string>();
      const tasks: (() => Promise<boolean>)[] = [];
      for (const nlb of snapshot.loadBalancers) {
        if (!selectsNlb(workshop, nlb, options.defaultRegions)) continue;
        seen.add(nlb.arn);
        tasks.push(() =>
          guarded(`${workshop.id} ${nlb.name}`, () =>
            apply(entry, nlb.arn, (prev) => diffUnlessStale(prev, nlb, snapshot.observedAt)),
          ),
        );
      }
      for (const [arn, message] of snapshot.failures) {
        seen.add(arn);
        if (entry.states.has(arn)) tasks.push(marked(arn, message, snapshot.observedAt));
      }
      for (const [arn, { state }] of [...entry.states]) {
        if (state.region !== region || seen.has(arn)) continue;
        // Gone from the region, or no longer selected: either way it left this workshop.
        tasks.push(() =>
          guarded(`${workshop.id} ${state.name}`, () =>
            apply(entry, arn, (prev) => diffUnlessStale(prev, undefined, snapshot.observedAt)),
          ),
        );
      }
      const written = await writeAll(tasks);
      if (snapshot.failures.size === 0 && written.every(Boolean))
        entry.observedAt[region] = snapshot.observedAt;
    }
  }

  // ---- burst sampling while targets are mid-transition ----
  const intervalMs = (options.burstIntervalSeconds ?? DEFAULT_BURST_INTERVAL_SECONDS) * 1000;
  let burstRounds = 0;
  while (intervalMs > 0 && clock.now() + intervalMs < options.deadline) {
    const byRegion = burstTargetGroups(tracked);
    if (byRegion.size === 0) break;
    await clock.sleep(intervalMs);
    burstRounds++;
    for (const [region, arns] of byRegion) {
      const observedAt = clock.now();
      let samples: Map<string, TargetObservation[] | Error>;
      try {
        samples = await source.sampleTargetGroups(region, [...arns]);
      } catch (error) {
        errors.push(`burst sampling in ${region}: ${errorMessage(error)}`);
        continue;
      }
      const tasks: (() => Promise<boolean>)[] = [];
      for (const entry of tracked) {
        for (const [arn, { state }] of [...entry.states]) {
          if (state.region !== region || !needsBurst(state)) continue;
          const groups = transitionalTargetGroups(state);
          const got = new Map<string, TargetObservation[]>();
          const failed = groups.map((g) => samples.get(g)).find((s) => s instanceof Error || s === undefined);
          // A group that could not be re-read (it may have just been deleted) waits for the
          // next full discovery rather than being taken as empty.
          if (failed !== undefined || groups.length === 0) continue;
          for (const g of groups) got.set(g, samples.get(g) as TargetObservation[]);
          tasks.push(() =>
            guarded(`${entry.workshop.id} ${state.name}`, () =>
              apply(entry, arn, (prev) =>
                prev
                  ? diffUnlessStale(prev, withSampledTargets(snapshotFromState(prev), got), observedAt)
                  : undefined,
              ),
            ),
          );
        }
      }
      await writeAll(tasks);
    }
  }

  // ---- heartbeats: about one write per workshop when nothing changed ----
  const finishedAt = clock.now();
  const sourceAfter = source.stats();
  const apiCalls = sourceAfter.apiCalls - sourceBefore.apiCalls;
  const heartbeats: SweepHeartbeat[] = tracked.map((entry) => {
    const states = [...entry.states.values()].map((s) => s.state);
    const summary = summarizeTargets(states, finishedAt, entry.workshop.stuckThresholdSeconds);
    return {
      workshopId: entry.workshop.id,
      at: finishedAt,
      durationMs: finishedAt - startedAt,
      apiCalls,
      errors: errors.slice(0, 20),
      loadBalancers: summary.loadBalancers,
      targets: summary.targets,
      targetsByState: summary.targetsByState,
      stuck: summary.stuck,
      regionsObservedAt: entry.observedAt,
    };
  });
  for (const heartbeat of heartbeats) {
    await guarded(`heartbeat ${heartbeat.workshopId}`, () => store.putHeartbeat(heartbeat));
  }
  if (options.metrics) {
    const sink = options.metrics;
    const loadBalancers: NlbMetrics[] = tracked.flatMap((entry) =>
      [...entry.states.values()].map(({ state }) => {
        const summary = summarizeTargets([state], finishedAt, entry.workshop.stuckThresholdSeconds);
        return {
          workshopId: entry.workshop.id,
          loadBalancerName: state.name,
          targets: summary.targets,
          targetsByState: summary.targetsByState,
          stuck: summary.stuck,
        };
      }),
    );
    await guarded("metrics", () =>
      sink.publish({
        at: finishedAt,
        durationMs: finishedAt - startedAt,
        // Errors found up to here, plus this publish's own failure in the next sweep's count.
        errors: errors.length,
        elbApiCalls: apiCalls,
        workshops: heartbeats,
        loadBalancers,
      }),
    );
  }

  const allStates = tracked.flatMap((e) => [...e.states.values()].map((s) => s.state));
  const uniqueNlbs = new Map(allStates.map((s) => [s.arn, s]));
  return {
    startedAt: new Date(startedAt).toISOString(),
    workshops: workshops.length,
    loadBalancers: uniqueNlbs.size,
    targetGroups: new Set([...uniqueNlbs.values()].flatMap((s) => s.targetGroups.map((g) => g.arn))).size,
    targets: [...uniqueNlbs.values()].reduce((n, s) => n + s.targets.length, 0),
    elbApiCalls: apiCalls,
    elbThrottled: sourceAfter.throttled - sourceBefore.throttled,
    dynamodbWrites: store.stats().writeRequests - writesBefore,
    transitions,
    burstRounds,
    durationMs: clock.now() - startedAt,
    errors,
  };
}

/**
 * NLB states are rewritten only when they change, so a stored `lastSeenAt` can be older than the
 * last sweep that saw the NLB unchanged. The heartbeat says when each region was last read and
 * recorded in full; an NLB without an error was seen then, in its stored state.
 */
function withLatestSightings(
  states: Map<string, { state: NlbState; version: number }>,
  regionsObservedAt: Record<string, number> | undefined,
): Map<string, { state: NlbState; version: number }> {
  if (!regionsObservedAt) return states;
  for (const [arn, { state, version }] of states) {
    const seenAt = regionsObservedAt[state.region];
    if (state.error || seenAt === undefined || seenAt <= state.lastSeenAt) continue;
    states.set(arn, {
      version,
      state: {
        ...state,
        lastSeenAt: seenAt,
        targets: state.targets.map((t) => ({ ...t, lastSeenAt: seenAt })),
      },
    });
  }
  return states;
}

/** Region → target groups to re-sample (each sampled once even when several workshops share an NLB). */
function burstTargetGroups(tracked: Tracked[]): Map<string, Set<string>> {
  const byRegion = new Map<string, Set<string>>();
  for (const entry of tracked) {
    for (const { state } of entry.states.values()) {
      if (!needsBurst(state)) continue;
      const set = byRegion.get(state.region) ?? new Set<string>();
      for (const arn of transitionalTargetGroups(state)) set.add(arn);
      byRegion.set(state.region, set);
    }
  }
  return byRegion;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
