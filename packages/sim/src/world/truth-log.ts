import type { TargetType } from "./elb-view.ts";
import type { HealthChange } from "./health-check.ts";

/** A target's true state change, to the millisecond: what a perfect collector would record. */
export interface TruthEvent extends HealthChange {
  /** The AWS account the target's load balancer lives in. */
  accountId: string;
  region: string;
  cluster: string;
  service: string;
  loadBalancerName: string;
  targetGroupArn: string;
  targetGroupName: string;
  targetType: TargetType;
  targetId: string;
  port: number;
}

/**
 * Which target a {@link TruthEvent} is about, as an account's controller knows it: everything but
 * the change itself and the account, which the world adds.
 */
export type TruthSubject = Omit<TruthEvent, keyof HealthChange | "accountId">;

/**
 * The ground truth collectors are measured against (`GET /_sim/truth`). Health is evaluated
 * lazily, so changes arrive out of time order; they are kept as heard and sorted on reading.
 */
export class TruthLog {
  readonly #events: TruthEvent[] = [];

  /** A listener that records every change of one target's health, labelled with `subject`. */
  recorder(subject: TruthSubject & { accountId: string }): (change: HealthChange) => void {
    return (change) => this.#events.push({ ...change, ...subject });
  }

  /** Every change recorded so far, oldest first; equal times stay in the order heard. */
  events(): TruthEvent[] {
    return [...this.#events].sort((a, b) => a.at - b.at);
  }
}
