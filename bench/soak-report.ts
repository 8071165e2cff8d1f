/** Turns a soak run into its figures and the lines `npm run soak` prints (shared with its test). */
import type { SoakRun } from "@targetwatch/local/soak";
import { compareWithTruth, nlbChainBreaks, type TruthComparison } from "@targetwatch/testing/truth";

export interface SoakFigures {
  comparison: TruthComparison;
  nlbChainBreaks: string[];
  /** lost, duplicated, invented (apart from gap-marked), windows missing the truth: the goal is all 0. */
  goal: [number, number, number, number];
  met: boolean;
}

export function soakFigures(run: SoakRun, burstIntervalSeconds: number): SoakFigures {
  const comparison = compareWithTruth(run.stored, run.truth, {
    until: run.until,
    burstIntervalSeconds,
    start: run.start,
  });
  const breaks = nlbChainBreaks(run.stored);
  const tth = comparison.timeToHealthy;
  const goal: SoakFigures["goal"] = [
    comparison.lost.length,
    comparison.duplicated.length,
    comparison.invented.length + breaks.length,
    comparison.windowsMissingTruth.length,
  ];
  const met = goal.every((n) => n === 0) && tth.outsideBounds.length === 0 && tth.overAllowance.length === 0;
  return { comparison, nlbChainBreaks: breaks, goal, met };
}

export function soakReport(run: SoakRun, figures: SoakFigures): string[] {
  const c = figures.comparison;
  const sweeps = Object.values(run.sweeps).flat();
  const sum = (pick: (s: (typeof sweeps)[number]) => number) => sweeps.reduce((n, s) => n + pick(s), 0);
  const gapMarked = run.stored.filter((t) => t.gap).length;
  const examples = (label: string, items: string[]) =>
    items.length > 0 ? [`    ${label}: ${items.slice(0, 5).join("; ")}${items.length > 5 ? " …" : ""}`] : [];
  return [
    `  sweeps: ${Object.entries(run.sweeps)
      .map(([name, list]) => `${name} ${list.length}`)
      .join(
        ", ",
      )}; conflicts ${sum((s) => s.conflicts)}; store unavailable in ${sweeps.filter((s) => !s.storeAvailable).length}; incomplete items ${sum((s) => s.incomplete.length)}; longest ${Math.max(0, ...sweeps.map((s) => s.durationMs)) / 1000}s of 50s`,
    `  ELBv2: ${run.faultCounters.requests} requests, ${run.faultCounters.throttled} throttled, ${run.faultCounters.serverErrors} 5xx`,
    `  truth: ${c.truthChanges} target changes before the last read; stored: ${c.storedTargetTransitions} target transitions (${gapMarked} transitions marked gap)`,
    `  gap-marked, by what they cross: ${gapCauses(run)}`,
    `  lost ${c.lost.length} (apart from ${c.insideGaps.length} inside gap-marked windows of their NLB) · duplicated ${c.duplicated.length} · invented ${c.invented.length + figures.nlbChainBreaks.length} (apart from ${c.acrossGaps} gap-marked standing for several changes) · windows missing the truth ${c.windowsMissingTruth.length}`,
    ...examples("lost", c.lost),
    ...examples("duplicated", c.duplicated),
    ...examples("invented", [...c.invented, ...figures.nlbChainBreaks]),
    ...examples("windows missing the truth", c.windowsMissingTruth),
    `  merged without a gap (states shorter than the sampling) ${c.merged.length}`,
    ...examples("merged", c.merged),
    `  time to healthy: ${c.timeToHealthy.compared} compared, largest error ${c.timeToHealthy.maxErrorSeconds.toFixed(1)} s; outside bounds ${c.timeToHealthy.outsideBounds.length}; over burst interval + window widths ${c.timeToHealthy.overAllowance.length}`,
    ...examples("outside bounds", c.timeToHealthy.outsideBounds),
    ...examples("over allowance", c.timeToHealthy.overAllowance),
    `  goal 0/0/0/0: ${figures.goal.join("/")} — ${figures.met ? "met" : "NOT met"} (${run.wallSeconds.toFixed(0)} s wall)`,
  ];
}

/** The longest window a healthy schedule leaves (1.5 sweep intervals, the collector's default). */
const MAX_WINDOW_MS = 90_000;

/**
 * Why the gap-marked transitions are marked, told from the soak's own incidents: a window that
 * overlaps a store outage or the minute after a collector restart crosses unrecorded reads; one
 * wider than {@link MAX_WINDOW_MS} otherwise crosses sweeps that did not read the NLB (cut short
 * by their deadline under the throttle); the rest follow a read that failed (5xx after retries).
 * None should be left unexplained; a large last share would be over-marking.
 */
function gapCauses(run: SoakRun): string {
  const at = (seconds: number) => run.start + seconds * 1000;
  const outages: [number, number][] = [];
  let since: number | undefined;
  for (const incident of run.incidents) {
    if (incident.kind === "stall-store" || incident.kind === "kill-store") since = incident.at;
    if ((incident.kind === "resume-store" || incident.kind === "restart-store") && since !== undefined) {
      outages.push([at(since), at(incident.at + 60)]);
      since = undefined;
    }
    if (incident.kind === "kill-collector") outages.push([at(incident.at), at(incident.at + 60)]);
  }
  const counts = { outage: 0, wide: 0, failedRead: 0 };
  for (const t of run.stored) {
    if (!t.gap) continue;
    const [start, end] = t.observedBetween;
    if (outages.some(([from, to]) => start < to && end > from)) counts.outage++;
    else if (end - start > MAX_WINDOW_MS) counts.wide++;
    else counts.failedRead++;
  }
  return `${counts.outage} a store outage or a collector restart, ${counts.wide} sweeps that did not read the NLB (window over 90 s), ${counts.failedRead} a failed read`;
}
