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
