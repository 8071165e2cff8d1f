export * from "./adapters/cloudwatch/index.ts";
export * from "./adapters/dynamodb/index.ts";
export * from "./adapters/elbv2/index.ts";
export { type SteppedClock, scaledClock, steppedClock, systemClock } from "./collector/clocks.ts";
export {
  type Collector,
  type CollectorConfig,
  type CollectorStats,
  createCollector,
} from "./collector/create-collector.ts";
export { runSweep, type SweepOptions, type SweepSummary } from "./collector/sweep.ts";
export * from "./model/constants.ts";
export type * from "./model/snapshot.ts";
export { type NlbState, type TargetRecord, targetKey } from "./model/state.ts";
export type * from "./model/transition.ts";
export { DEFAULT_WORKSHOP, type TagFilter, type Workshop, type WorkshopSelector } from "./model/workshop.ts";
export * from "./ports/index.ts";
export type { Page } from "./queries/page-tokens.ts";
export { AlarmUpdateError, InvalidTokenError, NotFoundError } from "./queries/query-errors.ts";
export * from "./queries/views.ts";
export { WorkshopQueries, type WorkshopQueriesOptions } from "./queries/workshop-queries.ts";
export * from "./rules/index.ts";
