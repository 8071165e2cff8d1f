import { createHash } from "node:crypto";
import { DEFAULT_WORKSHOP_GOAL, type WorkshopGoal } from "../model/progress.ts";
import type { NlbState } from "../model/state.ts";
import type { Workshop } from "../model/workshop.ts";
import type { SweepHeartbeat } from "../ports/index.ts";
import { histogram } from "../rules/histogram.ts";
import { pacingAdvice } from "../rules/pacing.ts";
import { emptyStageCounts, targetTypeOfId } from "../rules/stage.ts";
import { timeToHealthyStats } from "../rules/stats.ts";
import { accountListView } from "./account-views.ts";
import { type BoardView, boardParticipants } from "./board-participants.ts";
import type { WorkshopView } from "./views.ts";

export { participantIdOf } from "../rules/class-progress.ts";
export type { BoardParticipantView, BoardStuckView, BoardView } from "./board-participants.ts";

/** What a board is computed from: stored state as read, and the time of the request. */
export interface BoardInput {
  workshop: Workshop;
  /** The workshop's goal; the seed module's end state until workshops configure their own. */
  goal?: WorkshopGoal;
  heartbeat?: SweepHeartbeat;
  alarm: WorkshopView["alarm"];
  /** Every NLB state of the workshop. */
  states: readonly NlbState[];
  now: number;
}

const iso = (epochMs: number) => new Date(epochMs).toISOString();
const seconds = (ms: number) => Math.max(0, Math.round(ms / 100) / 10);

/** Everything the facilitators' page shows for a workshop (docs/dashboard.md). Pure. */
export function boardView(input: BoardInput): BoardView {
  const { workshop, heartbeat, now } = input;
  const goal = input.goal ?? DEFAULT_WORKSHOP_GOAL;
  const { participants, stuck } = boardParticipants(input.states, {
    now,
    thresholdSeconds: workshop.stuckThresholdSeconds,
    goal,
    workshop,
    ...(heartbeat?.accounts ? { accounts: heartbeat.accounts } : {}),
  });
  const stages = emptyStageCounts();
  for (const p of participants) stages[p.stage] += 1;
  const pacing = pacingAdvice(stages.done, participants.length);
  return {
    workshop: {
      id: workshop.id,
      name: workshop.name,
      stuckThresholdSeconds: workshop.stuckThresholdSeconds,
      goal: { mode: goal.mode, healthyTargets: goal.healthyTargets },
    },
    generatedAt: iso(now),
    sweep: {
      lastAt: heartbeat ? iso(heartbeat.at) : null,
      ageSeconds: heartbeat ? seconds(now - heartbeat.at) : null,
      durationMs: heartbeat?.durationMs ?? null,
      errors: heartbeat?.errors ?? [],
      lastGap: heartbeat?.lastGap
        ? { from: iso(heartbeat.lastGap.from), to: iso(heartbeat.lastGap.to) }
        : null,
    },
    alarm: input.alarm,
    headline: pacing,
    stages,
    participants,
    stuck,
    timeToHealthy: {
      instance: timeToHealthyOf(input.states, "instance"),
      ip: timeToHealthyOf(input.states, "ip"),
    },
    // The sweeps' own observations, kept on the heartbeat (`recordProgress`): no transitions to read.
    progress: (heartbeat?.progress ?? []).map((point) => ({ at: iso(point.at), stages: point.stages })),
    accounts: accountsSummary(workshop, heartbeat),
  };
}

/** The workshop's accounts by status, and those not read (yet), in the workshop's order. */
function accountsSummary(workshop: Workshop, heartbeat: SweepHeartbeat | undefined): BoardView["accounts"] {
  const summary: BoardView["accounts"] = { ok: 0, pending: 0, roleNotAssumable: 0, error: 0, problems: [] };
  for (const account of accountListView(workshop, heartbeat).accounts) {
    summary[account.status] += 1;
    if (account.status === "ok") continue;
    const { accountId, label, status, message } = account;
    summary.problems.push({ accountId, label, status, message });
  }
  return summary;
}

function timeToHealthyOf(
  states: readonly NlbState[],
  type: "instance" | "ip",
): BoardView["timeToHealthy"]["ip"] {
  const times: number[] = [];
  for (const state of states) {
    const types = new Map(state.targetGroups.map((g) => [g.arn, g.targetType]));
    for (const t of state.targets) {
      const typeOfTarget = types.get(t.targetGroupArn) ?? targetTypeOfId(t.id);
      if (typeOfTarget === type && t.timeToHealthySeconds !== undefined) times.push(t.timeToHealthySeconds);
    }
  }
  const stats = timeToHealthyStats(times);
  return {
    count: stats.count,
    p50: stats.p50 ?? null,
    p90: stats.p90 ?? null,
    max: stats.max ?? null,
    histogram: histogram(times),
  };
}

/**
 * The board's ETag: a hash of the board without its clock-relative fields (`generatedAt`,
 * `sweep.ageSeconds`, `participants[].stageSeconds`, `targets[].notHealthySeconds`,
 * `stuck[].stuckSeconds`), which tick on every request. A `304` therefore means "nothing changed
 * but time"; whatever else time changes (a target crossing the stuck threshold, a hint that
 * turns from "still normal" to "unusually slow") is in the hash.
 */
export function boardEtag(board: BoardView): string {
  const timeless = {
    ...board,
    generatedAt: null,
    sweep: { ...board.sweep, ageSeconds: null },
    participants: board.participants.map((p) => ({
      ...p,
      stageSeconds: null,
      targets: p.targets.map((t) => ({ ...t, notHealthySeconds: null })),
    })),
    stuck: board.stuck.map((s) => ({ ...s, stuckSeconds: null })),
  };
  return `"${createHash("sha256").update(JSON.stringify(timeless)).digest("base64url").slice(0, 27)}"`;
}
