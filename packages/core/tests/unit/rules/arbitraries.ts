// fast-check arbitraries for snapshots of one NLB. Small universes of ids, ports and groups,
// so consecutive snapshots share targets and move them between states.
import fc from "fast-check";
import { TARGET_STATES } from "../../../src/model/constants.ts";
import type {
  NlbSnapshot,
  TargetGroupSnapshot,
  TargetObservation,
  TargetState,
} from "../../../src/model/snapshot.ts";
import { healthCheck, NLB_ARN, nlb } from "./fixtures.ts";

const GROUP_ARNS = ["tg/a", "tg/b", "tg/c", "tg/d"].map(
  (suffix) => `arn:aws:elasticloadbalancing:us-west-2:111122223333:targetgroup/${suffix}`,
);
const TARGET_IDS = ["i-0001", "i-0002", "10.42.0.15", "10.42.1.27"];
const REASONS: Partial<Record<TargetState, string[]>> = {
  initial: ["Elb.RegistrationInProgress", "Elb.InitialHealthChecking"],
  unhealthy: ["Target.FailedHealthChecks", "Target.Timeout"],
  draining: ["Target.DeregistrationInProgress"],
  "unhealthy.draining": ["Target.DeregistrationInProgress"],
  unused: ["Target.NotRegistered", "Target.NotInUse"],
};

export const targetStateArb: fc.Arbitrary<TargetState> = fc.constantFrom(...TARGET_STATES);

export const targetObservationArb: fc.Arbitrary<TargetObservation> = fc
  .record({
    id: fc.constantFrom(...TARGET_IDS),
    port: fc.constantFrom(80, 8080),
    state: targetStateArb,
    reasonIndex: fc.nat(2),
    availabilityZone: fc.option(fc.constantFrom("us-west-2a", "us-west-2b"), { nil: undefined }),
  })
  .map(({ id, port, state, reasonIndex, availabilityZone }) => {
    const reasons = REASONS[state] ?? [];
    const reason = reasons[reasonIndex % Math.max(1, reasons.length)];
    const observation: TargetObservation = { id, port, state };
    if (reason) Object.assign(observation, { reason, description: `${reason} description` });
    if (availabilityZone) observation.availabilityZone = availabilityZone;
    return observation;
  });

export const targetGroupArb = (arn: string): fc.Arbitrary<TargetGroupSnapshot> =>
  fc
    .record({
      targetType: fc.constantFrom("instance", "ip", "ip", "instance", "alb", "lambda"),
      intervalSeconds: fc.constantFrom(10, 30),
      targets: fc.uniqueArray(targetObservationArb, {
        maxLength: 6,
        selector: (t) => `${t.id}|${t.port}`,
      }),
    })
    .map(({ targetType, intervalSeconds, targets }) => ({
      arn,
      name: arn.split("/")[1] ?? arn,
      targetType,
      protocol: "TCP",
      port: 80,
      healthCheck: healthCheck({ intervalSeconds }),
      targets,
    }));

/** One NLB (always the same ARN) with 0–3 distinct target groups of 0–6 targets each. */
export const nlbSnapshotArb: fc.Arbitrary<NlbSnapshot> = fc
  .record({
    arns: fc.uniqueArray(fc.constantFrom(...GROUP_ARNS), { maxLength: 3 }),
    lbState: fc.constantFrom("active", "active", "provisioning"),
    cluster: fc.option(fc.constantFrom("eks-workshop", "eks-workshop-2"), { nil: undefined }),
  })
  .chain(({ arns, lbState, cluster }) =>
    fc.tuple(...arns.map(targetGroupArb)).map((groups) => nlb(groups, { arn: NLB_ARN, lbState, cluster })),
  );

/** What the collector does at one step of an NLB's life. */
export type Step =
  | { kind: "snapshot"; snapshot: NlbSnapshot; gapMs: number; persist: boolean }
  | { kind: "repeat"; gapMs: number; persist: boolean }
  | { kind: "absent"; gapMs: number; persist: boolean }
  | { kind: "error"; gapMs: number };

const gapArb = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 120_000 }));

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("snapshot" as const),
      snapshot: nlbSnapshotArb,
      gapMs: gapArb,
      persist: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("repeat" as const), gapMs: gapArb, persist: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("absent" as const), gapMs: gapArb, persist: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("error" as const), gapMs: gapArb }) },
);

/** A life of 1–8 steps at non-decreasing times. */
export const lifeArb = fc.array(stepArb, { minLength: 1, maxLength: 8 });
