import type { Mode, TargetState } from "./snapshot.ts";
import type { TimeToHealthyBounds } from "./state.ts";

/**
 * Something that changed between two samples. `observedBetween` = [`sentAt` of the last read
 * that saw the old state, `receivedAt` of the first read that saw the new one]: the change
 * happened somewhere in that window, whatever the reads' latency, and nothing here claims more
 * precision than that.
 */
export type Transition = TargetTransition | ModeTransition | LoadBalancerTransition;

interface TransitionBase {
  /** = observedBetween[1]: when the new state was first seen. */
  at: number;
  observedBetween: [number, number];
  /**
   * The window crosses a period without recorded observations (failed reads, the store or the
   * collector down, a window wider than the sampling allows): the change happened in it, but
   * there may have been others in between that nobody recorded.
   */
  gap?: true;
  region: string;
  loadBalancerArn: string;
  loadBalancerName: string;
  /**
   * Time spent in the previous state, from its first sighting to the first sighting of the new
   * one; undefined when there was no previous state.
   */
  secondsInPreviousState?: number;
}

export interface TargetTransition extends TransitionBase {
  kind: "target";
  targetGroupArn: string;
  target: { id: string; port: number };
  /** `unregistered` when the target first appears (it was registered). */
  from: TargetState | "unregistered";
  /** `deregistered` when the target disappears from its target group. */
  to: TargetState | "deregistered";
  reason?: string;
  /** On the first transition to `healthy`: seconds from registration (first seen) to first seen healthy. */
  timeToHealthySeconds?: number;
  /** With `timeToHealthySeconds`: where the true time to healthy lies. */
  timeToHealthyBounds?: TimeToHealthyBounds;
}

export interface ModeTransition extends TransitionBase {
  kind: "mode";
  from: Mode;
  to: Mode;
}

export interface LoadBalancerTransition extends TransitionBase {
  kind: "loadBalancer";
  from: "absent" | "present";
  to: "absent" | "present";
  /**
   * The NLB's mode when this was observed: the mode it appeared in, or its last known mode when
   * it disappeared. An appearing NLB gets no mode transition, so this is where its mode is told.
   */
  mode?: Mode;
}
