import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { STAGES, type Stage, type WorkshopGoal } from "../../../src/model/progress.ts";
import type { NlbState } from "../../../src/model/state.ts";
import type { Transition } from "../../../src/model/transition.ts";
import {
  accountOfArn,
  compareStages,
  diffNlb,
  participantStage,
  stageOf,
  stageSince,
  stageTimeline,
} from "../../../src/rules/index.ts";
import { s } from "./fixtures.ts";
import { ACCOUNTS, classLifeArb, goalArb, NLBS } from "./stage-arbitraries.ts";

const RUNS = { numRuns: 150 };

interface Played {
  /** Persisted state per NLB (index in NLBS) after the last sweep. */
  states: (NlbState | undefined)[];
  /** Every transition, oldest first, as the store keeps them. */
  transitions: Transition[];
  /** Per NLB, its stage after every sweep, with the sweep's time. */
  stages: { at: number; stage: Stage }[][];
}

type ClassLife = typeof classLifeArb extends fc.Arbitrary<infer T> ? T : never;

/** Sweeps the class the way the collector does: each NLB diffed against its persisted state. */
function play(life: ClassLife, goal: WorkshopGoal): Played {
  const states: (NlbState | undefined)[] = NLBS.map(() => undefined);
  const stages: { at: number; stage: Stage }[][] = NLBS.map(() => []);
  const transitions: Transition[] = [];
  let at = s(0);
  for (const { gapMs, sweep } of life) {
    at += gapMs;
    NLBS.forEach((_, i) => {
      const result = diffNlb({ previous: states[i], snapshot: sweep[i], read: at });
      transitions.push(...result.transitions);
      states[i] = result.next;
      stages[i]?.push({ at, stage: stageOf(result.next, goal) });
    });
  }
  return { states, transitions, stages };
}

const counted = (stages: Record<Stage, number>) => STAGES.reduce((sum, stage) => sum + stages[stage], 0);

describe("stage rules, properties", () => {
  it("count every participant exactly once at every point of the timeline", () => {
    fc.assert(
      fc.property(classLifeArb, goalArb, fc.boolean(), (life, goal, listed) => {
        const { transitions } = play(life, goal);
        const participants = listed ? [...ACCOUNTS, "444444444444"] : [];
        const points = stageTimeline({ transitions, goal, participants });
        const everyone = new Set([
          ...participants,
          ...transitions.map((t) => accountOfArn(t.loadBalancerArn)),
        ]);
        for (const point of points) expect(counted(point.stages)).toBe(everyone.size);
        for (let i = 1; i < points.length; i++) {
          expect(points[i]?.at).toBeGreaterThan(points[i - 1]?.at ?? Number.POSITIVE_INFINITY);
          expect(points[i]?.stages).not.toEqual(points[i - 1]?.stages);
        }
      }),
      RUNS,
    );
  });

  it("replay to the stage stageOf gives the final states, participant by participant", () => {
    fc.assert(
      fc.property(classLifeArb, goalArb, (life, goal) => {
        const { states, transitions } = play(life, goal);
        const last = stageTimeline({ transitions, goal, participants: ACCOUNTS }).at(-1);
        fc.pre(last !== undefined);
        const expected = Object.fromEntries(STAGES.map((stage) => [stage, 0])) as Record<Stage, number>;
        for (const account of ACCOUNTS) {
          const mine = states.filter(
            (state): state is NlbState => state !== undefined && accountOfArn(state.arn) === account,
          );
          expected[participantStage(mine, goal).stage] += 1;
        }
        expect(last?.stages).toEqual(expected);
      }),
      RUNS,
    );
  });

  it("give a participant the stage of their most advanced NLB", () => {
    fc.assert(
      fc.property(classLifeArb, goalArb, (life, goal) => {
        const { states } = play(life, goal);
        const present = states.filter((state): state is NlbState => state !== undefined);
        const { stage, loadBalancer } = participantStage(present, goal);
        for (const state of present)
          expect(compareStages(stageOf(state, goal), stage)).toBeLessThanOrEqual(0);
        expect(loadBalancer === undefined).toBe(present.length === 0);
        if (loadBalancer) expect(stageOf(loadBalancer, goal)).toBe(stage);
      }),
      RUNS,
    );
  });

  it("date a stage within the NLB's life, and no earlier than it was entered unless a target left", () => {
    fc.assert(
      fc.property(classLifeArb, goalArb, (life, goal) => {
        const { states, transitions, stages } = play(life, goal);
        NLBS.forEach((_, i) => {
          const state = states[i];
          if (!state) return;
          const since = stageSince(state, goal) as number;
          expect(since).toBeGreaterThanOrEqual(state.firstSeenAt);
          expect(since).toBeLessThanOrEqual(state.lastSeenAt);
          const deregistered = transitions.some(
            (t) => t.loadBalancerArn === state.arn && t.kind === "target" && t.to === "deregistered",
          );
          if (deregistered) return;
          // When the NLB entered its current stage, from its stage after each sweep.
          const history = stages[i] ?? [];
          let entered = history.at(-1)?.at ?? 0;
          for (let j = history.length - 1; j >= 0 && history[j]?.stage === history.at(-1)?.stage; j--)
            entered = history[j]?.at ?? entered;
          expect(since).toBeGreaterThanOrEqual(Math.max(entered, state.firstSeenAt));
        });
      }),
      RUNS,
    );
  });
});
