/**
 * The board: what `GET /workshops/{id}/board` answers, everything the page shows in one request.
 * docs/dashboard.md is the contract; these types are the page's reading of it.
 *
 * Times are ISO 8601 strings, absent values `null`. Fields named `…Seconds` that grow with time
 * (ages, time in stage, time stuck) are as of `generatedAt`; the page advances them by the time
 * since the answer arrived, which is also why a `304` can keep the page as it is.
 */
import type { Stage, StageCounts, TargetState } from "@targetwatch/core/model";

export type { Stage, StageCounts, TargetState };

export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA" | "MISSING" | "UNKNOWN";
export type AccountStatus = "ok" | "pending" | "roleNotAssumable" | "error";
export type Advice = "proceed" | "wait" | "troubleshoot";
export type BoardMode = "instance" | "ip" | "mixed" | "none";

export interface BoardTarget {
  id: string;
  port: number;
  /** `instance` or `ip` (the target group's type). */
  type: string;
  state: TargetState;
  reason: string | null;
  stuck: boolean;
  notHealthySeconds: number | null;
  timeToHealthySeconds: number | null;
}

export interface BoardParticipant {
  /** Stable key: the account id, or the NLB (cluster) when the workshop watches one account. */
  id: string;
  accountId: string | null;
  label: string | null;
  /** The label's prefix before a separator (" – ", " - ", ":", "/"), for grouping. */
  group: string | null;
  accountStatus: AccountStatus | null;
  cluster: string | null;
  service: string | null;
  /** The participant's most advanced NLB; null: none yet. */
  loadBalancer: { name: string; region: string } | null;
  mode: BoardMode;
  stage: Stage;
  stageSince: string | null;
  stageSeconds: number | null;
  targets: BoardTarget[];
  targetsByState: Partial<Record<TargetState, number>>;
  stuck: number;
  timeToHealthySeconds: number | null;
  lastError: string | null;
}

export interface BoardStuckTarget {
  participantId: string;
  accountId: string | null;
  label: string | null;
  cluster: string | null;
  loadBalancer: string;
  targetId: string;
  port: number;
  targetType: string;
  state: TargetState;
  reason: string | null;
  description: string | null;
  since: string;
  stuckSeconds: number;
  hint: string;
}

export interface HistogramBin {
  fromSeconds: number;
  toSeconds: number;
  count: number;
}

export interface TimeToHealthy {
  count: number;
  p50: number | null;
  p90: number | null;
  max: number | null;
  histogram: HistogramBin[];
}

export interface AccountProblem {
  accountId: string;
  label: string | null;
  status: Exclude<AccountStatus, "ok">;
  message: string | null;
}

export interface Board {
  workshop: {
    id: string;
    name: string;
    stuckThresholdSeconds: number;
    goal: { mode: "instance" | "ip"; healthyTargets: number };
  };
  generatedAt: string;
  sweep: {
    lastAt: string | null;
    ageSeconds: number | null;
    durationMs: number | null;
    errors: string[];
    lastGap: { from: string; to: string } | null;
  };
  alarm: { name: string; state: AlarmState } | null;
  headline: { participants: number; done: number; percentDone: number; advice: Advice; adviceText: string };
  stages: StageCounts;
  participants: BoardParticipant[];
  /** Longest stuck first. */
  stuck: BoardStuckTarget[];
  timeToHealthy: { instance: TimeToHealthy; ip: TimeToHealthy };
  /** Stage counts over time, oldest first. */
  progress: { at: string; stages: StageCounts }[];
  accounts: {
    ok: number;
    pending: number;
    roleNotAssumable: number;
    error: number;
    problems: AccountProblem[];
  };
}
