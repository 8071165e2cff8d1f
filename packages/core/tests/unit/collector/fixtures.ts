import type { WorkshopGoal } from "../../../src/model/progress.ts";
// A sweep on test fakes of the collector's ports, and the workshops and NLBs the phase tests use.

import { type SweepContext, startSweep } from "../../../src/collector/sweep-context.ts";
import { CLUSTER_TAG } from "../../../src/model/constants.ts";
import type { NlbSnapshot } from "../../../src/model/snapshot.ts";
import type { NlbState } from "../../../src/model/state.ts";
import { DEFAULT_WORKSHOP, type Workshop } from "../../../src/model/workshop.ts";
import { diffNlb } from "../../../src/rules/index.ts";
import {
  healthy,
  INSTANCE_TG,
  IP_TG,
  NLB_ARN,
  NODE_PORT,
  NODES,
  nlb,
  POD_PORT,
  REGION,
  registering,
  T0,
  targetGroup,
} from "../rules/fixtures.ts";
import { InMemoryStore } from "./in-memory-store.ts";
import { ManualClock } from "./manual-clock.ts";
import { ScriptedSource } from "./scripted-source.ts";

export const OTHER_REGION = "eu-west-1";

export interface SweepRig {
  clock: ManualClock;
  store: InMemoryStore;
  source: ScriptedSource;
  /** Starts a sweep on the rig, as `runSweep` does, watching `REGION` by default. */
  start(defaultRegions?: string[]): Promise<SweepContext>;
}

export function sweepRig(start = T0): SweepRig {
  const clock = new ManualClock(start);
  const store = new InMemoryStore();
  const source = new ScriptedSource(clock);
  return {
    clock,
    store,
    source,
    start: (defaultRegions = [REGION]) => startSweep({ source, store, clock, defaultRegions }),
  };
}

/** A workshop with the default workshop's settings unless told otherwise. */
export function workshop(id: string, overrides: Partial<Workshop> = {}): Workshop {
  return { ...DEFAULT_WORKSHOP, id, name: `Workshop ${id}`, ...overrides };
}

/** Another participant's NLB, from another cluster; its one ip target group is `${name}-tg`. */
/**
 * The goal of a workshop whose participants run one pod ({@link participantNlb}): met once it is
 * healthy, so burst sampling has nothing left to wait for (no scale-out to come).
 */
export const ONE_POD_GOAL: WorkshopGoal = Object.freeze({ mode: "ip", healthyTargets: 1 });

export function participantNlb(name: string, overrides: Partial<NlbSnapshot> = {}): NlbSnapshot {
  const arn = NLB_ARN.replace(/net\/[^/]+\//, `net/${name}/`);
  const group = `${IP_TG.replace(/targetgroup\/[^/]+\//, `targetgroup/${name}-tg/`)}`;
  return nlb([targetGroup(group, "ip", [registering("10.42.0.15", POD_PORT)])], {
    arn,
    name,
    cluster: name,
    tags: { [CLUSTER_TAG]: name },
    ...overrides,
  });
}

/** The walkthrough's NLB mid-switch: healthy nodes in the instance group, a pod registering in the ip group. */
export const switching: NlbSnapshot = nlb([
  targetGroup(
    INSTANCE_TG,
    "instance",
    NODES.map((n) => healthy(n, NODE_PORT)),
  ),
  targetGroup(IP_TG, "ip", [registering("10.42.0.15", POD_PORT)]),
]);

/** The state a sweep at `at` would have stored for `snapshot`, seen for the first time. */
export function stateOf(snapshot: NlbSnapshot, at: number): NlbState {
  const { next } = diffNlb({ snapshot, read: at });
  if (!next) throw new Error("fixture: an NLB that was seen has a state");
  return next;
}

/** An error as the AWS SDK throws it when the service answered with `status`: it costs only its request. */
export function answered(status: number, message: string, name = "ServiceError"): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}
