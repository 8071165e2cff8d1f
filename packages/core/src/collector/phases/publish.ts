import { DEFAULT_WORKSHOP_GOAL } from "../../model/progress.ts";
import type { AccountStatus } from "../../model/scope.ts";
import { hasParticipantAccounts } from "../../model/workshop.ts";
import type { MetricsSink, NlbMetrics, StuckAlarmDescriptions, SweepHeartbeat } from "../../ports/index.ts";
import {
  type AccountReadOutcome,
  accountOfArn,
  accountStatuses,
  classStageCounts,
  nlbId,
  recordProgress,
  scopeKey,
  stuckAlarmDescription,
  stuckEntries,
  summarizeTargets,
  workshopScopes,
} from "../../rules/index.ts";
import { storeRequest } from "../store-requests.ts";
import { guarded, type SweepContext, type SweepFinish, type TrackedWorkshop } from "../sweep-context.ts";

/** Errors a heartbeat keeps: enough to see what went wrong, bounded so the item stays small. */
const HEARTBEAT_ERRORS = 20;

/** Where a sweep reports besides the store: its metrics, and who is stuck on the workshops' alarms. */
export interface PublishTargets {
  metrics?: MetricsSink;
  alarms?: StuckAlarmDescriptions;
}

/**
 * Tells the world the sweep happened: one heartbeat per workshop (about the only write of a
 * sweep where nothing changed; the API's stats and the next sweep's sighting times read it),
 * then who is stuck in each workshop's alarm description, then the sweep's metrics, all by the
 * sweep's end. The description goes before the datapoint that may trip the alarm, so the
 * notification of that very datapoint names the participants. Failures are recorded in the
 * sweep's errors; the heartbeats of the other workshops, and the metrics, still go out. With the
 * store unavailable no heartbeat is written, but descriptions and metrics still go out, from
 * the states in memory: the alarms keep seeing the class while the store is sick.
 */
export async function publish(
  context: SweepContext,
  finish: SweepFinish,
  { metrics, alarms }: PublishTargets = {},
): Promise<void> {
  const { signal } = context.deadlines.end;
  const heartbeats = heartbeatsOf(context, finish);
  for (const heartbeat of heartbeats) {
    if (context.storeDown !== undefined) {
      context.unrecorded = true;
      break;
    }
    const written = await guarded(
      context,
      `heartbeat ${heartbeat.workshopId}`,
      () => storeRequest(context, (s) => context.store.putHeartbeat(heartbeat, s), signal),
      signal,
    );
    if (!written) context.unrecorded = true;
  }
  if (alarms) {
    const descriptions = stuckDescriptionsOf(context, finish.at);
    await guarded(
      context,
      "stuck alarm descriptions",
      async () => {
        await alarms.update(descriptions, signal);
      },
      signal,
    );
  }
  if (!metrics) return;
  await guarded(
    context,
    "metrics",
    () =>
      metrics.publish(
        {
          at: finish.at,
          durationMs: finish.at - context.startedAt,
          // Problems found up to here, plus this publish's own failure in the next sweep's count.
          errors: context.errors.length + context.incomplete.length,
          elbApiCalls: finish.elbApiCalls,
          conflicts: context.counters.conflicts,
          workshops: heartbeats,
          loadBalancers: nlbMetricsOf(context, finish.at),
        },
        signal,
      ),
    signal,
  );
}

/** Workshop id → its stuck alarm's description: who is stuck at `at` ({@link stuckAlarmDescription}). */
function stuckDescriptionsOf(context: SweepContext, at: number): Map<string, string> {
  return new Map(
    context.workshops.map(({ workshop, states }) => [
      workshop.id,
      stuckAlarmDescription(
        workshop,
        stuckEntries(
          workshop,
          [...states.values()].map((s) => s.state),
          at,
        ),
      ),
    ]),
  );
}

function heartbeatsOf(context: SweepContext, finish: SweepFinish): SweepHeartbeat[] {
  return context.workshops.map((tracked) => {
    const { workshop, states, observedAt, readBefore, vouched, gap, lastGap } = tracked;
    const accounts = accountsOf(context, tracked, finish.at);
    const summary = summarizeTargets(
      [...states.values()].map((s) => s.state),
      finish.at,
      workshop.stuckThresholdSeconds,
    );
    const latestGap = gap ?? lastGap;
    // Kept in memory too: while the store is down, the next sweep goes on from it.
    tracked.progress = recordProgress(tracked.progress, {
      at: finish.at,
      stages: classStageCounts(
        workshop,
        [...states.values()].map((s) => s.state),
        DEFAULT_WORKSHOP_GOAL,
      ),
    });
    return {
      workshopId: workshop.id,
      at: finish.at,
      durationMs: finish.at - context.startedAt,
      apiCalls: finish.elbApiCalls,
      errors: [...context.errors, ...context.incomplete].slice(0, HEARTBEAT_ERRORS),
      loadBalancers: summary.loadBalancers,
      targets: summary.targets,
      targetsByState: summary.targetsByState,
      stuck: summary.stuck,
      // A region this sweep could not record was still read in full before: keep that time.
      regionsObservedAt: { ...readBefore, ...observedAt },
      observedVersions: Object.fromEntries([...vouched].map(([arn, version]) => [nlbId(arn), version])),
      ...(latestGap ? { lastGap: latestGap } : {}),
      ...(accounts ? { accounts } : {}),
      progress: tracked.progress,
    };
  });
}

/**
 * The workshop's participant accounts after this sweep (none without accounts), also kept in
 * memory: the next sweep tells "was assumable before" from them even while the store is down.
 */
function accountsOf(
  context: SweepContext,
  tracked: TrackedWorkshop,
  at: number,
): Record<string, AccountStatus> | undefined {
  const { workshop } = tracked;
  if (!hasParticipantAccounts(workshop)) return undefined;
  const outcomes = new Map<string, AccountReadOutcome[]>();
  for (const scope of workshopScopes(workshop, context.defaultRegions)) {
    const outcome = context.accountReads.get(scopeKey(scope));
    const accountId = scope.access?.accountId;
    if (!outcome || accountId === undefined) continue;
    outcomes.set(accountId, [...(outcomes.get(accountId) ?? []), outcome]);
  }
  const loadBalancers = new Map<string, number>();
  for (const arn of tracked.states.keys()) {
    const accountId = accountOfArn(arn);
    loadBalancers.set(accountId, (loadBalancers.get(accountId) ?? 0) + 1);
  }
  const statuses = accountStatuses({
    accountIds: (workshop.accounts ?? []).map((a) => a.accountId),
    ...(tracked.accounts ? { previous: tracked.accounts } : {}),
    outcomes,
    loadBalancers,
    at,
  });
  tracked.accounts = statuses;
  return statuses;
}

function nlbMetricsOf(context: SweepContext, at: number): NlbMetrics[] {
  return context.workshops.flatMap(({ workshop, states }) =>
    [...states.values()].map(({ state }) => {
      const summary = summarizeTargets([state], at, workshop.stuckThresholdSeconds);
      return {
        workshopId: workshop.id,
        loadBalancerName: state.name,
        targets: summary.targets,
        targetsByState: summary.targetsByState,
        stuck: summary.stuck,
      };
    }),
  );
}
