// Plain data for the DynamoDB adapter's unit tests: NLB updates as the collector hands them over.
import type { TargetTransition } from "../../../../src/model/transition.ts";
import type { NlbUpdate } from "../../../../src/ports/index.ts";
import { IP_TG, NLB_ARN, REGION, record, s, state } from "../../rules/fixtures.ts";

export { NLB_ARN, REGION, record, s, state };

export const WORKSHOP = "reinvent-2026";
export const NLB_NAME = "k8s-ui-uinlb-a9797f0f61";
/** The NLB item's key: the workshop's partition, sorted by region, name and the ARN's id. */
export const NLB_KEY = { pk: `WS#${WORKSHOP}`, sk: `NLB#${REGION}#${NLB_NAME}#4f0ed3fa0ab3a2f0` };

/** A pod IP target going from `initial` to `healthy`, first seen healthy `seconds` after T0. */
export function transition(seconds: number, overrides: Partial<TargetTransition> = {}): TargetTransition {
  return {
    kind: "target",
    at: s(seconds),
    observedBetween: [s(seconds - 5), s(seconds)],
    region: REGION,
    loadBalancerArn: NLB_ARN,
    loadBalancerName: NLB_NAME,
    targetGroupArn: IP_TG,
    target: { id: "10.42.0.15", port: 8080 },
    from: "initial",
    to: "healthy",
    secondsInPreviousState: seconds,
    ...overrides,
  };
}

/** `count` transitions of `count` different targets. */
export function transitions(count: number): TargetTransition[] {
  return Array.from({ length: count }, (_, i) =>
    transition(i + 1, { target: { id: `10.42.${Math.floor(i / 200)}.${i % 200}`, port: 8080 } }),
  );
}

export function update(overrides: Partial<NlbUpdate> = {}): NlbUpdate {
  return { workshopId: WORKSHOP, transitions: [], ...overrides };
}
