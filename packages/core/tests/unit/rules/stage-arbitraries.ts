// fast-check arbitraries for a class of participants going through the NLB module. Unlike
// arbitraries.ts, a target group keeps its type and its targets' ids match it (node ids in
// instance groups, pod IPs in ip groups), as on ELBv2, so target types can be told from ids.
import fc from "fast-check";
import type { NlbSnapshot, TargetGroupSnapshot, TargetObservation } from "../../../src/model/snapshot.ts";
import { targetStateArb } from "./arbitraries.ts";
import { healthCheck, nlb } from "./fixtures.ts";

export const ACCOUNTS = ["111111111111", "222222222222", "333333333333"];

const GROUPS: { suffix: string; targetType: string; ids: string[]; port: number }[] = [
  { suffix: "inst/1", targetType: "instance", ids: ["i-0001", "i-0002", "i-0003"], port: 30080 },
  {
    suffix: "ip/1",
    targetType: "ip",
    ids: ["10.42.0.15", "10.42.1.27", "10.42.2.9", "10.42.0.33"],
    port: 8080,
  },
  { suffix: "ip/2", targetType: "ip", ids: ["10.42.3.4", "10.42.3.5"], port: 8080 },
];

const arnIn = (account: string, kind: string, name: string) =>
  `arn:aws:elasticloadbalancing:us-west-2:${account}:${kind}/${name}`;

function groupArb(account: string, nlbName: string, index: number): fc.Arbitrary<TargetGroupSnapshot> {
  const group = GROUPS[index] as (typeof GROUPS)[number];
  const observation: fc.Arbitrary<TargetObservation> = fc.record({
    id: fc.constantFrom(...group.ids),
    port: fc.constant(group.port),
    state: fc.oneof(
      { weight: 3, arbitrary: fc.constant("healthy" as const) },
      { weight: 4, arbitrary: targetStateArb },
    ),
  });
  return fc.uniqueArray(observation, { maxLength: 4, selector: (t) => t.id }).map((targets) => ({
    arn: arnIn(account, "targetgroup", `${nlbName}-${group.suffix}`),
    name: `${nlbName}-${group.suffix.replace("/", "")}`,
    targetType: group.targetType,
    protocol: "TCP",
    port: group.port,
    healthCheck: healthCheck(),
    targets,
  }));
}

/** One sweep's snapshot of a given NLB: 0–3 of its target groups. */
export function nlbSnapshotOf(account: string, nlbName: string): fc.Arbitrary<NlbSnapshot> {
  return fc
    .subarray([0, 1, 2], { minLength: 0, maxLength: 3 })
    .chain((indexes) => fc.tuple(...indexes.map((i) => groupArb(account, nlbName, i))))
    .map((groups) =>
      nlb(groups, { arn: arnIn(account, "loadbalancer/net", `${nlbName}/abc`), name: nlbName }),
    );
}

/** The NLBs of the class: two possible per account. */
export const NLBS = ACCOUNTS.flatMap((account) =>
  ["k8s-ui-uinlb-a", "k8s-ui-uinlb-b"].map((name) => ({ account, name })),
);

/** One sweep of the class: for each NLB, its snapshot or nothing (not there). */
export const classSweepArb: fc.Arbitrary<(NlbSnapshot | undefined)[]> = fc.tuple(
  ...NLBS.map(({ account, name }) => fc.option(nlbSnapshotOf(account, name), { nil: undefined, freq: 3 })),
);

/** 1–8 sweeps of the class, 0–2 minutes apart. */
export const classLifeArb = fc.array(
  fc.record({ gapMs: fc.integer({ min: 0, max: 120_000 }), sweep: classSweepArb }),
  {
    minLength: 1,
    maxLength: 8,
  },
);

export const goalArb = fc.record({
  mode: fc.constant("ip" as const),
  healthyTargets: fc.integer({ min: 1, max: 4 }),
});
