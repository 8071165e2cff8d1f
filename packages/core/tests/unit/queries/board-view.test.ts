import { describe, expect, it } from "vitest";
import { boardSchema } from "../../../src/contracts/index.ts";
import { DEFAULT_WORKSHOP_GOAL } from "../../../src/model/progress.ts";
import { DEFAULT_WORKSHOP } from "../../../src/model/workshop.ts";
import { boardEtag, boardView } from "../../../src/queries/board-view.ts";
import { classStageCounts } from "../../../src/rules/index.ts";
import { NLB_ARN, record, s, state } from "../rules/fixtures.ts";

const workshop = { ...DEFAULT_WORKSHOP, stuckThresholdSeconds: 60 };
/** One participant waiting on a pod (registered at T0), another's NLB done (3 healthy pods). */
const states = [
  state([record()]),
  state(
    [1, 2, 3].map((n) =>
      record({
        id: `10.42.1.${n}`,
        state: "healthy",
        notHealthySince: undefined,
        healthyAt: s(60 + n),
        timeToHealthySeconds: 60 + n,
      }),
    ),
    { cluster: "other-cluster", name: "k8s-ui-uinlb-0000000002", arn: `${NLB_ARN}2` },
  ),
];
const at = (seconds: number) => boardView({ workshop, alarm: null, states, now: s(seconds) });

describe("the board", () => {
  it("answers what the contract says: a participant per cluster, stages, stuck with a hint", () => {
    const board = at(90);
    expect(boardSchema.safeParse(board).success).toBe(true);
    expect(board.participants.map((p) => [p.id, p.stage])).toEqual([
      ["eks-workshop", "switching"],
      ["other-cluster", "done"],
    ]);
    expect(board.headline).toMatchObject({ participants: 2, done: 1, percentDone: 50 });
    expect(board.stuck).toMatchObject([{ participantId: "eks-workshop", stuckSeconds: 90 }]);
    expect(board.stuck[0]?.hint).toMatch(/normal/);
    expect(board.timeToHealthy.ip).toMatchObject({ count: 3, p50: 62, max: 63 });
  });

  it("keeps its ETag while only time passes, and changes it when something time-dependent does", () => {
    // 90 s and 100 s: the same stuck target, older; 400 s: its hint says "unusually slow" now.
    expect(boardEtag(at(100))).toBe(boardEtag(at(90)));
    expect(boardEtag(at(400))).not.toBe(boardEtag(at(90)));
    // Below the threshold nobody is stuck: another board.
    expect(boardEtag(at(30))).not.toBe(boardEtag(at(90)));
  });

  it("charts the progress series its heartbeat carries, and counts stages as the collector does", () => {
    // Prepare
    const stages = classStageCounts({}, states, DEFAULT_WORKSHOP_GOAL);
    const heartbeat = {
      workshopId: workshop.id,
      at: s(60),
      durationMs: 900,
      apiCalls: 3,
      errors: [],
      loadBalancers: 2,
      targets: 4,
      targetsByState: { initial: 1, healthy: 3 },
      stuck: 1,
      progress: [
        { at: s(0), stages: { ...stages, done: 0, switching: 2 } },
        { at: s(60), stages },
      ],
    };
    // Act
    const board = boardView({ workshop, heartbeat, alarm: null, states, now: s(90) });
    const none = at(90);
    // Assess
    expect(board.stages).toEqual(stages);
    expect(board.progress).toEqual([
      { at: new Date(s(0)).toISOString(), stages: { ...stages, done: 0, switching: 2 } },
      { at: new Date(s(60)).toISOString(), stages },
    ]);
    expect(none.progress).toEqual([]);
  });
});
