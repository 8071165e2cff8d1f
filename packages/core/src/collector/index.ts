// The sweep and the collector that schedules it.

export { type SteppedClock, scaledClock, steppedClock, systemClock } from "./clocks.ts";
export {
  type Collector,
  type CollectorConfig,
  type CollectorStats,
  createCollector,
} from "./create-collector.ts";
export type { SweepMemory } from "./load.ts";
export { runSweep, type SweepOptions, type SweepSummary } from "./sweep.ts";
