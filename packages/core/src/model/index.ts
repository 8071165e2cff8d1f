// The domain's plain data: what a sweep sees, what is remembered between sweeps, what changed,
// and the workshops that select NLBs. Types and constants only, no behaviour beyond keys.

export * from "./constants.ts";
export * from "./progress.ts";
export {
  ACCOUNT_STATUSES,
  type AccountAccess,
  type AccountStatus,
  type AccountStatusName,
  MAX_ACCOUNT_MESSAGE_LENGTH,
  type Scope,
} from "./scope.ts";
export type * from "./snapshot.ts";
export type * from "./state.ts";
export { targetKey } from "./state.ts";
export type * from "./transition.ts";
export * from "./workshop.ts";
