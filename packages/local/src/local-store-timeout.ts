import { DEFAULT_SWEEP_BUDGET_SECONDS } from "@targetwatch/core/model";

/** A sweep's budget (simulated ms): the deployed collector's, a second short of its one-minute schedule. */
const SWEEP_BUDGET_MS = DEFAULT_SWEEP_BUDGET_SECONDS * 1000;
/** How long the deployed collector gives one DynamoDB request before the store counts as unavailable. */
const STORE_TIMEOUT_WALL_MS = 5_000;

/**
 * The collector's store timeout on the simulated clock: the deployed collector's five seconds of
 * wall time, since DynamoDB Local answers in wall time however fast the world runs, but at most
 * half a sweep's budget, so that a store that is really gone is still noticed within the sweep.
 * A fresh DynamoDB Local on a busy machine takes up to about 1.3 s for the first request of each
 * kind (its JIT is cold); one wall second (what this was) made the first sweeps count the store
 * unavailable and record nothing, not even the heartbeat — on a class, for several sweeps.
 */
export function localStoreTimeoutMs(speed: number): number {
  return Math.min(SWEEP_BUDGET_MS / 2, STORE_TIMEOUT_WALL_MS * speed);
}
