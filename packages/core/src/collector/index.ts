// The sweep and the collector that schedules it.

export {
  type Collector,
  type CollectorConfig,
  createCollector,
  systemClock,
} from "./create-collector.ts";
export { runSweep, type SweepOptions, type SweepSummary } from "./sweep.ts";
