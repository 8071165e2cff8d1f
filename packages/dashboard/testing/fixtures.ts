/**
 * Boards for the page's tests and benchmark: a class of N participants spread over the stages,
 * some stuck, some with accounts that cannot be read. Deterministic for a seed. Stages, hints,
 * pacing, groups and histograms come from core's rules, so the fixtures agree with them.
 */
import { DEFAULT_WORKSHOP_GOAL, STAGES, type Stage, type StageCounts } from "@targetwatch/core/model";
import {
  emptyStageCounts,
  histogram,
  labelGroup,
  pacingAdvice,
  stageOfTargets,
  stuckHint,
  timeToHealthyStats,
} from "@targetwatch/core/rules";
import type {
  AccountStatus,
  Board,
  BoardParticipant,
  BoardStuckTarget,
  BoardTarget,
  TimeToHealthy,
} from "../src/board.ts";
import {
  type ClassOptions,
  classSpecs,
  FIXTURE_NOW,
  type ParticipantSpec,
  STUCK_THRESHOLD_SECONDS,
} from "./class-specs.ts";

export const accountOf = (index: number): string => String(100000000000 + index * 7919).padStart(12, "0");
const nlbName = (index: number): string =>
  `k8s-ui-uinlb-${(0x5a17c0de00 + index * 0x9e3779b1).toString(16).slice(-10)}`;
const podIp = (index: number, n: number): string => `10.42.${index % 250}.${10 + n}`;
const nodeId = (index: number, n: number): string => `i-0${(index * 3 + n).toString(16).padStart(16, "0")}`;

function target(
  type: "ip" | "instance",
  id: string,
  state: BoardTarget["state"],
  extra: Partial<BoardTarget> = {},
): BoardTarget {
  const healthy = state === "healthy";
  return {
    id,
    port: type === "ip" ? 8080 : 30080,
    type,
    state,
    reason: healthy
      ? null
      : state === "unhealthy"
        ? "Target.FailedHealthChecks"
        : "Elb.RegistrationInProgress",
    stuck: false,
    notHealthySeconds: healthy ? null : 30,
    timeToHealthySeconds: healthy ? 70 + ((id.length * 37 + id.charCodeAt(id.length - 1) * 13) % 120) : null,
    ...extra,
  };
}

function targetsOf(spec: ParticipantSpec): { mode: BoardParticipant["mode"]; targets: BoardTarget[] } {
  const i = spec.index;
  const waited = { notHealthySeconds: spec.stageSeconds };
  const stuckTarget = (n: number) =>
    spec.stuck === "failing"
      ? target("ip", podIp(i, n), "unhealthy", { ...waited, stuck: true })
      : target("ip", podIp(i, n), "initial", { ...waited, stuck: true });
  switch (spec.stage) {
    case "noNlb":
      return { mode: "none", targets: [] };
    case "instance":
      return {
        mode: "instance",
        targets: [0, 1, 2].map((n) =>
          target("instance", nodeId(i, n), n < 2 || i % 2 ? "healthy" : "initial"),
        ),
      };
    case "switching":
      return {
        mode: "ip",
        targets: [spec.stuck ? stuckTarget(0) : target("ip", podIp(i, 0), "initial", waited)],
      };
    case "ipHealthy":
      return { mode: "ip", targets: [target("ip", podIp(i, 0), "healthy")] };
    case "scaledOut":
      return {
        mode: "ip",
        targets: [
          target("ip", podIp(i, 0), "healthy"),
          spec.stuck ? stuckTarget(1) : target("ip", podIp(i, 1), "initial", waited),
          target("ip", podIp(i, 2), "initial", waited),
        ],
      };
    case "done":
      return { mode: "ip", targets: [0, 1, 2].map((n) => target("ip", podIp(i, n), "healthy")) };
  }
}

function participantOf(spec: ParticipantSpec, now: number): BoardParticipant {
  const { mode, targets } = targetsOf(spec);
  const hasNlb = spec.stage !== "noNlb";
  const stage = hasNlb ? stageOfTargets({ mode, targets }, DEFAULT_WORKSHOP_GOAL) : "noNlb";
  const byState: BoardParticipant["targetsByState"] = {};
  for (const t of targets) byState[t.state] = (byState[t.state] ?? 0) + 1;
  const ipTimes = targets.filter((t) => t.type === "ip").map((t) => t.timeToHealthySeconds);
  const label = spec.label ?? null;
  return {
    id: accountOf(spec.index),
    accountId: accountOf(spec.index),
    label,
    group: labelGroup(label) ?? null,
    accountStatus: spec.account ?? "ok",
    cluster: hasNlb ? "eks-workshop" : null,
    service: hasNlb ? "ui/ui-nlb" : null,
    loadBalancer: hasNlb ? { name: nlbName(spec.index), region: "us-west-2" } : null,
    mode,
    stage,
    stageSince: hasNlb ? new Date(now - spec.stageSeconds * 1000).toISOString() : null,
    stageSeconds: hasNlb ? spec.stageSeconds : null,
    targets,
    targetsByState: byState,
    stuck: targets.filter((t) => t.stuck).length,
    timeToHealthySeconds: ipTimes.findLast((t) => t !== null) ?? null,
    lastError: null,
  };
}

function stuckOf(participants: BoardParticipant[], now: number): BoardStuckTarget[] {
  return participants
    .flatMap((p) =>
      p.targets
        .filter((t) => t.stuck)
        .map((t) => ({
          participantId: p.id,
          accountId: p.accountId,
          label: p.label,
          cluster: p.cluster,
          loadBalancer: p.loadBalancer?.name ?? "",
          targetId: t.id,
          port: t.port,
          targetType: t.type,
          state: t.state,
          reason: t.reason,
          description:
            t.state === "unhealthy" ? "Health checks failed" : "Target registration is in progress",
          since: new Date(now - (t.notHealthySeconds ?? 0) * 1000).toISOString(),
          stuckSeconds: t.notHealthySeconds ?? 0,
          hint: stuckHint({
            targetType: t.type,
            state: t.state,
            reason: t.reason,
            port: t.port,
            notHealthySeconds: t.notHealthySeconds ?? 0,
          }),
        })),
    )
    .sort((a, b) => b.stuckSeconds - a.stuckSeconds);
}

function timeToHealthyOf(participants: BoardParticipant[], type: "ip" | "instance"): TimeToHealthy {
  const times = participants.flatMap((p) =>
    p.targets
      .filter((t) => t.type === type && t.timeToHealthySeconds !== null)
      .map((t) => t.timeToHealthySeconds as number),
  );
  const stats = timeToHealthyStats(times);
  return {
    count: stats.count,
    p50: stats.p50 ?? null,
    p90: stats.p90 ?? null,
    max: stats.max ?? null,
    histogram: histogram(times),
  };
}

/** Stage counts every minute over the last half hour: each participant a stage behind per two minutes. */
function progressOf(participants: BoardParticipant[], now: number): Board["progress"] {
  return Array.from({ length: 31 }, (_, k) => {
    const at = now - (30 - k) * 60_000;
    const stages = emptyStageCounts();
    for (const p of participants) {
      const since = p.stageSince ? Date.parse(p.stageSince) : now;
      const behind = at >= since ? 0 : Math.ceil((since - at) / 120_000);
      const rank = Math.max(0, STAGES.indexOf(p.stage) - behind);
      stages[STAGES[rank] as Stage] += 1;
    }
    return { at: new Date(at).toISOString(), stages };
  });
}

export interface BoardOptions {
  now?: number;
  workshop?: { id: string; name: string };
  sweepAgeSeconds?: number;
  sweepErrors?: string[];
  alarm?: "OK" | "ALARM";
}

/** The board the API would answer for these participants. */
export function boardOf(specs: readonly ParticipantSpec[], options: BoardOptions = {}): Board {
  const now = options.now ?? FIXTURE_NOW;
  const participants = specs.map((spec) => participantOf(spec, now));
  const stages: StageCounts = emptyStageCounts();
  for (const p of participants) stages[p.stage] += 1;
  const pacing = pacingAdvice(stages.done, participants.length);
  const stuck = stuckOf(participants, now);
  const problems = participants
    .filter((p) => p.accountStatus !== "ok" && p.accountId)
    .map((p) => ({
      accountId: p.accountId as string,
      label: p.label,
      status: p.accountStatus as Exclude<AccountStatus, "ok">,
      message:
        p.accountStatus === "roleNotAssumable"
          ? `AccessDenied: not authorized to perform sts:AssumeRole on arn:aws:iam::${p.accountId}:role/targetwatch-read`
          : "Throttling: Rate exceeded",
    }));
  const count = (status: AccountStatus) => participants.filter((p) => p.accountStatus === status).length;
  return {
    workshop: {
      ...(options.workshop ?? { id: "default", name: "re:Invent CON301" }),
      stuckThresholdSeconds: STUCK_THRESHOLD_SECONDS,
      goal: { ...DEFAULT_WORKSHOP_GOAL },
    },
    generatedAt: new Date(now).toISOString(),
    sweep: {
      lastAt: new Date(now - (options.sweepAgeSeconds ?? 12) * 1000).toISOString(),
      ageSeconds: options.sweepAgeSeconds ?? 12,
      durationMs: 3400,
      errors: options.sweepErrors ?? [],
      lastGap: null,
    },
    alarm: { name: "targetwatch-default-stuck", state: options.alarm ?? (stuck.length > 0 ? "ALARM" : "OK") },
    headline: {
      participants: pacing.participants,
      done: pacing.done,
      percentDone: pacing.percentDone,
      advice: pacing.advice,
      adviceText: pacing.adviceText,
    },
    stages,
    participants,
    stuck,
    timeToHealthy: {
      instance: timeToHealthyOf(participants, "instance"),
      ip: timeToHealthyOf(participants, "ip"),
    },
    progress: progressOf(participants, now),
    accounts: {
      ok: count("ok"),
      pending: count("pending"),
      roleNotAssumable: count("roleNotAssumable"),
      error: count("error"),
      problems,
    },
  };
}

/** A class of N participants as a board (see {@link classSpecs}). */
export function classBoard(options: ClassOptions & BoardOptions): Board {
  return boardOf(classSpecs(options), options);
}
