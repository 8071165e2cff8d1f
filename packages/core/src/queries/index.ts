// The read side of the facilitators' API: the queries and the views they answer with.

export * from "./account-views.ts";
export * from "./board-view.ts";
export type { Page } from "./page-tokens.ts";
export * from "./query-errors.ts";
export * from "./stats-query.ts";
export * from "./stats-view.ts";
export * from "./views.ts";
export * from "./workshop-config-views.ts";
export * from "./workshop-queries.ts";
