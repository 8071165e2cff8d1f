import {
  type EvaluationOutcome,
  evaluateCriteria,
  type PeriodValue,
  stateReasonData,
} from "./alarm-evaluator.ts";
import type { AlarmNotification, AlarmRecord, AlarmStore } from "./alarm-store.ts";
import type { MetricStore } from "./metric-store.ts";

export const MINUTE_MS = 60_000;

/**
 * The evaluation range at `at`: the last EvaluationPeriods whole periods ending at the period
 * boundary at or before `at` (the period in progress is not evaluated: its data is incomplete).
 */
export function evaluationRange(
  alarm: AlarmRecord,
  at: number,
): { start: number; end: number; periodMs: number } {
  const periodMs = alarm.source.periodSeconds * 1000;
  const end = Math.floor(at / periodMs) * periodMs;
  return { start: end - alarm.evaluationPeriods * periodMs, end, periodMs };
}

/** The per-period values of the evaluation range at `at`, oldest first, missing periods included. */
export function periodValues(alarm: AlarmRecord, metrics: MetricStore, at: number): PeriodValue[] {
  const { start, end, periodMs } = evaluationRange(alarm, at);
  const found = metrics.query(alarm.source.metric, {
    start,
    end,
    periodMs,
    statistic: alarm.source.statistic,
    unit: alarm.source.unit,
  });
  const byStart = new Map(found.map((p) => [p.start, p]));
  const periods: PeriodValue[] = [];
  for (let t = start; t < end; t += periodMs) {
    const hit = byStart.get(t);
    periods.push({ start: t, value: hit?.value, sampleCount: hit?.sampleCount ?? 0 });
  }
  return periods;
}

/** Evaluates `alarm` at `at` and applies a state change; returns the outcome. */
export function evaluateAlarmAt(
  store: AlarmStore,
  metrics: MetricStore,
  alarm: AlarmRecord,
  at: number,
  fired: AlarmNotification[],
): EvaluationOutcome {
  const periods = periodValues(alarm, metrics, at);
  const outcome = evaluateCriteria(alarm, periods, alarm.stateValue);
  if (outcome.state !== alarm.stateValue) {
    const reasonData = stateReasonData({
      queryDate: at,
      startDate: periods[0]?.start ?? at,
      statistic: alarm.statistic ?? alarm.extendedStatistic ?? alarm.source.statistic.name,
      periodSeconds: alarm.source.periodSeconds,
      threshold: alarm.threshold,
      evaluated: outcome.evaluated,
    });
    fired.push(...store.transition(alarm, outcome.state, outcome.reason, reasonData, at));
  }
  return outcome;
}

/**
 * Evaluates `alarm` at every whole minute after the last evaluation up to `through`, as CloudWatch
 * does once a minute. Nothing but the evaluation range and the (unchanging, during one catch-up)
 * data decides an outcome, so minutes that cannot change it are skipped: those whose range is the
 * same as the previous minute's (periods longer than a minute), and, after an evaluation that saw
 * no data at all, those before the next sample could enter the range. A clock jump of days costs
 * a few evaluations per alarm, not one per minute.
 */
export function catchUpAlarm(
  store: AlarmStore,
  metrics: MetricStore,
  alarm: AlarmRecord,
  through: number,
  fired: AlarmNotification[],
): void {
  let at = alarm.evaluatedThrough + MINUTE_MS;
  let previousEnd: number | undefined;
  let previousAllMissing = false;
  while (at <= through) {
    const { end, periodMs } = evaluationRange(alarm, at);
    if (previousEnd !== undefined) {
      if (end === previousEnd) {
        at = ceilToMinute(end + periodMs);
        continue;
      }
      if (previousAllMissing) {
        const next = metrics.firstSampleAtOrAfter(alarm.source.metric, previousEnd);
        if (next === undefined) break;
        const firstSeeing = ceilToMinute(Math.floor(next / periodMs) * periodMs + periodMs);
        if (firstSeeing > at) {
          at = firstSeeing;
          continue;
        }
      }
    }
    const outcome = evaluateAlarmAt(store, metrics, alarm, at, fired);
    previousEnd = end;
    previousAllMissing = outcome.allMissing;
    at += MINUTE_MS;
  }
  alarm.evaluatedThrough = Math.max(alarm.evaluatedThrough, floorToMinute(through));
}

export function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

function ceilToMinute(ms: number): number {
  return Math.ceil(ms / MINUTE_MS) * MINUTE_MS;
}
