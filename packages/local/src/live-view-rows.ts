// The live view's participants: who they are, what stage they are in, in which order they are listed.

import { DEFAULT_WORKSHOP_GOAL, type Stage, type TargetState } from "@targetwatch/core/model";
import type { LoadBalancerDetailView, StuckTargetView } from "@targetwatch/core/queries";
import { compareLabels, compareStages, emptyStageCounts, stageOfTargets } from "@targetwatch/core/rules";
import { formatDuration } from "./live-view-text.ts";

/** How a stage reads in the view. */
export const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  noNlb: "no NLB",
  instance: "instance",
  switching: "switching",
  ipHealthy: "ip healthy",
  scaledOut: "scaling",
  done: "done",
};

/** Where each state goes in a row: healthy first, then what a facilitator waits on. Every state has one. */
const STATE_RANK = {
  healthy: 0,
  initial: 1,
  unhealthy: 2,
  draining: 3,
  "unhealthy.draining": 4,
  unused: 5,
  unavailable: 6,
} satisfies Record<TargetState, number>;
const rankOf = (state: string): number => STATE_RANK[state as TargetState] ?? -1;

/** The account in an ELBv2 ARN, if it is one. */
function accountOf(arn: string): string | undefined {
  return /^arn:[^:]+:[^:]+:[^:]*:(\d{12}):/.exec(arn)?.[1];
}

/** A workshop's participant accounts with their labels (as the workshop's view lists them). */
export type Participants = readonly { accountId: string; label: string | null }[];

/**
 * Who an NLB belongs to. In a workshop of participant accounts: the account's label, else the
 * account (at an event every participant's cluster has the same name). Otherwise: its cluster
 * (one per participant in the workshop), else its account, else its name.
 */
export function participantOf(
  lb: Pick<LoadBalancerDetailView, "cluster" | "arn" | "name">,
  participants: Participants = [],
): string {
  const accountId = accountOf(lb.arn);
  if (participants.length > 0 && accountId) return labelOf(accountId, participants);
  return lb.cluster ?? accountId ?? lb.name;
}

/** Who a stuck target belongs to, as {@link participantOf} names them. */
export function stuckParticipant(t: StuckTargetView, participants: Participants = []): string {
  if (participants.length > 0 && t.accountId) return labelOf(t.accountId, participants);
  return t.cluster ?? t.accountId ?? t.loadBalancer;
}

function labelOf(accountId: string, participants: Participants): string {
  return participants.find((p) => p.accountId === accountId)?.label ?? accountId;
}

/** The stage of one NLB, by the core rule, toward the module's goal. */
export function stageOfLoadBalancer(lb: LoadBalancerDetailView): Stage {
  return stageOfTargets(
    {
      mode: lb.mode,
      targets: lb.targets.map((t) => ({ type: t.targetType, state: t.state })),
    },
    DEFAULT_WORKSHOP_GOAL,
  );
}

/** Participants per stage: each counts once, in the stage of their most advanced NLB. */
export function stageCounts(
  loadBalancers: readonly LoadBalancerDetailView[],
  participants: Participants = [],
): Record<Stage, number> {
  const best = new Map<string, Stage>();
  for (const lb of loadBalancers) {
    const who = participantOf(lb, participants);
    const stage = stageOfLoadBalancer(lb);
    const before = best.get(who);
    if (before === undefined || compareStages(stage, before) > 0) best.set(who, stage);
  }
  const counts = emptyStageCounts();
  for (const stage of best.values()) counts[stage] += 1;
  return counts;
}

/** The NLBs in the order the view lists them: those with a stuck target first, then by participant as people read labels. */
export function orderRows(
  loadBalancers: readonly LoadBalancerDetailView[],
  participants: Participants = [],
): LoadBalancerDetailView[] {
  return [...loadBalancers].sort(
    (a, b) =>
      Number(b.stuck > 0) - Number(a.stuck > 0) ||
      compareLabels(participantOf(a, participants), participantOf(b, participants)) ||
      compareLabels(a.name, b.name),
  );
}

/** Targets by state in lifecycle order, states without any left out: `1 healthy, 2 initial`. */
export function targetsByState(byState: Record<string, number>): string {
  const parts = Object.entries(byState)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => rankOf(a) - rankOf(b))
    .map(([state, n]) => `${n} ${state}`);
  return parts.length ? parts.join(", ") : "none";
}

/** The NLB's targets' times to healthy, rounded: `90s`, or `89–92s` when they differ; `-` with none. */
export function timeToHealthyRange(lb: LoadBalancerDetailView): string {
  const values = lb.targets.map((t) => t.timeToHealthySeconds).filter((v): v is number => v !== null);
  if (values.length === 0) return "-";
  const min = Math.round(Math.min(...values));
  const max = Math.round(Math.max(...values));
  return min === max ? `${min}s` : `${min}–${max}s`;
}

/** The columns of the participants' table: the wide set adds the service, the NLB and the account. */
export function rowCells(
  lb: LoadBalancerDetailView,
  wide: boolean,
  workshop?: string,
  participants: Participants = [],
): string[] {
  const who = workshop ? `${workshop}/${participantOf(lb, participants)}` : participantOf(lb, participants);
  const stuck = lb.stuck > 0 ? `${lb.stuck} STUCK` : "0";
  const last = lb.lastError ? `error: ${lb.lastError.message}` : wide ? lb.name : "";
  const cells = [who, STAGE_LABELS[stageOfLoadBalancer(lb)], lb.mode, targetsByState(lb.targetsByState)];
  cells.push(timeToHealthyRange(lb), stuck);
  if (wide) cells.splice(1, 0, lb.service ?? "-", accountOf(lb.arn) ?? "-");
  return last ? [...cells, last] : cells;
}

/** The header of {@link rowCells}' columns. */
export function rowHeader(wide: boolean): string[] {
  return wide
    ? ["participant", "service", "account", "stage", "mode", "targets", "to healthy", "stuck", "NLB"]
    : ["participant", "stage", "mode", "targets", "to healthy", "stuck"];
}

/**
 * One stuck target, naming who, which target, its state, for how long and AWS's reason, in an
 * order that keeps the reason within 80 columns for an IP target; wide, also its port, NLB,
 * account and AWS's description.
 */
export function stuckLine(t: StuckTargetView, wide: boolean, participants: Participants = []): string {
  const target = wide ? `${t.id}:${t.port}` : t.id;
  const reason = t.reason ?? "no reason given";
  const where = wide ? ` on ${t.loadBalancer}${t.accountId ? ` (account ${t.accountId})` : ""}` : "";
  const description = wide && t.description ? ` — ${t.description}` : "";
  return (
    `STUCK ${stuckParticipant(t, participants)} ${target} ${t.state} ${formatDuration(t.notHealthySeconds)} ` +
    `${reason}${where}${description}`
  );
}
