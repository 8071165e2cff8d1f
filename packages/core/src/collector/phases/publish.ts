import type { MetricsSink, NlbMetrics, SweepHeartbeat } from "../../ports/index.ts";
import { summarizeTargets } from "../../rules/index.ts";
import { guarded, type SweepContext, type SweepFinish } from "../sweep-context.ts";

/** Errors a heartbeat keeps: enough to see what went wrong, bounded so the item stays small. */
const HEARTBEAT_ERRORS = 20;

/**
 * Tells the world the sweep happened: one heartbeat per workshop (about the only write of a
 * sweep where nothing changed; the API's stats and the next sweep's sighting times read it),
 * then the sweep's metrics when a sink is configured. Failures are recorded in the sweep's
 * errors; the heartbeats of the other workshops still go out.
 */
export async function publish(
  context: SweepContext,
  finish: SweepFinish,
  metrics?: MetricsSink,
): Promise<void> {
  const heartbeats = heartbeatsOf(context, finish);
  for (const heartbeat of heartbeats) {
    await guarded(context, `heartbeat ${heartbeat.workshopId}`, () => context.store.putHeartbeat(heartbeat));
  }
  if (!metrics) return;
  await guarded(context, "metrics", () =>
    metrics.publish({
      at: finish.at,
      durationMs: finish.at - context.startedAt,
      // Errors found up to here, plus this publish's own failure in the next sweep's count.
      errors: context.errors.length,
      elbApiCalls: finish.elbApiCalls,
      workshops: heartbeats,
      loadBalancers: nlbMetricsOf(context, finish.at),
    }),
  );
}

function heartbeatsOf(context: SweepContext, finish: SweepFinish): SweepHeartbeat[] {
  return context.workshops.map(({ workshop, states, observedAt }) => {
    const summary = summarizeTargets(
      [...states.values()].map((s) => s.state),
      finish.at,
      workshop.stuckThresholdSeconds,
    );
    return {
      workshopId: workshop.id,
      at: finish.at,
      durationMs: finish.at - context.startedAt,
      apiCalls: finish.elbApiCalls,
      errors: context.errors.slice(0, HEARTBEAT_ERRORS),
      loadBalancers: summary.loadBalancers,
      targets: summary.targets,
      targetsByState: summary.targetsByState,
      stuck: summary.stuck,
      regionsObservedAt: observedAt,
    };
  });
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
