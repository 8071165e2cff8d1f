// The read side of the facilitators' API: the queries and the views they answer with.

export * from "./account-views.ts";
export * from "./views.ts";
export * from "./workshop-queries.ts";
