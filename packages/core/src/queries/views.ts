import type * as z from "zod/mini";
import type {
  loadBalancerDetailSchema,
  loadBalancerSchema,
  statsSchema,
  targetSchema,
  transitionSchema,
  workshopSchema,
} from "../contracts/index.ts";
import { joinCodeView } from "../join/join-code-view.ts";
import { TARGET_STATES } from "../model/constants.ts";
import type { NlbState, TargetRecord, TimeToHealthyBounds } from "../model/state.ts";
import type { Transition } from "../model/transition.ts";
import { participantRoleName, type Workshop } from "../model/workshop.ts";
import type { SweepHeartbeat } from "../ports/index.ts";
import { type LabelOf, labelsOf } from "../rules/account-participants.ts";
import { observationKeyOf } from "../rules/scopes.ts";
import { isStuck, stuckSeconds } from "../rules/stuck.ts";
import { accountOfArn } from "../rules/timeline.ts";

/**
 * What the facilitators' API answers, as plain JSON-ready data: times as ISO 8601 strings,
 * absent values as `null` so every field is always there to read. Pure functions of stored
 * state and the time of the request. The shapes are the API contract's (`../contracts`): each
 * view type is what its schema outputs, so a field is declared there and nowhere else.
 */

/** A workshop with its configuration, alarm and last-sweep summary ({@link workshopSchema}). */
export type WorkshopView = z.output<typeof workshopSchema>;
export type WorkshopSummaryView = WorkshopView["summary"];
/** An NLB as of the request ({@link loadBalancerSchema}). */
export type LoadBalancerView = z.output<typeof loadBalancerSchema>;
export type TargetGroupView = LoadBalancerView["targetGroups"][number];
/** One target of an NLB ({@link targetSchema}). */
export type TargetView = z.output<typeof targetSchema>;
/** An NLB with its targets ({@link loadBalancerDetailSchema}). */
export type LoadBalancerDetailView = z.output<typeof loadBalancerDetailSchema>;
/** One transition ({@link transitionSchema}). */
export type TransitionView = z.output<typeof transitionSchema>;
/** Time to healthy per target type, stuck targets, mode counts ({@link statsSchema}). */
export type StatsView = z.output<typeof statsSchema>;

/*
 * The account of an NLB and of its transitions is read from the NLB's ARN when answering, not
 * stored: the ARN already says it, exactly, for every state and transition ever written (those
 * written before accounts existed too), and a stored copy could only disagree with it. Nor is
 * the participant's label stored with them: it may change during the event.
 */

export const iso = (epochMs: number) => new Date(epochMs).toISOString();
/** Milliseconds as seconds to a tenth, never negative. */
export const seconds = (ms: number) => Math.max(0, Math.round(ms / 100) / 10);

/** `arn:…:targetgroup/<name>/<id>` → `<name>`. */
export function targetGroupNameOf(arn: string): string {
  const parts = arn.split("/");
  return parts.length >= 3 ? (parts[parts.length - 2] as string) : arn;
}

/**
 * What a participant role's stack needs (infra/participant-role.yaml's parameters): known when
 * the deployment names its collector role (TARGETWATCH_COLLECTOR_ROLE_ARN) and the workshop has
 * an external id.
 */
function participantRoleOf(
  workshop: Workshop,
  collectorRoleArn: string | undefined,
): WorkshopView["participantRole"] {
  if (!collectorRoleArn || !workshop.externalId) return null;
  return {
    collectorRoleArn,
    externalId: workshop.externalId,
    roleName: participantRoleName(workshop),
    template: "infra/participant-role.yaml",
  };
}

export function workshopView(
  workshop: Workshop,
  heartbeat: SweepHeartbeat | undefined,
  now: number,
  implicit: boolean,
  alarm: WorkshopView["alarm"] = null,
  collectorRoleArn?: string,
): WorkshopView {
  return {
    id: workshop.id,
    name: workshop.name,
    selector: {
      tags: workshop.selector.tags.map((t) =>
        t.value === undefined ? { key: t.key } : { key: t.key, value: t.value },
      ),
      ...(workshop.selector.namePrefix ? { namePrefix: workshop.selector.namePrefix } : {}),
      regions: [...workshop.selector.regions],
    },
    stuckThresholdSeconds: workshop.stuckThresholdSeconds,
    retentionDays: workshop.retentionDays,
    roleName: participantRoleName(workshop),
    externalId: workshop.externalId ?? null,
    accounts: (workshop.accounts ?? []).map((a) => ({ accountId: a.accountId, label: a.label ?? null })),
    joinCode: joinCodeView(workshop),
    accountCount: workshop.accounts?.length ?? 0,
    participantRole: participantRoleOf(workshop, collectorRoleArn),
    implicit,
    alarm,
    summary: {
      loadBalancers: heartbeat?.loadBalancers ?? 0,
      targets: heartbeat?.targets ?? 0,
      targetsByState: { ...zeroStates(), ...(heartbeat?.targetsByState ?? {}) },
      stuck: heartbeat?.stuck ?? 0,
      lastSweepAt: heartbeat ? iso(heartbeat.at) : null,
      lastSweepAgeSeconds: heartbeat ? seconds(now - heartbeat.at) : null,
      lastSweepDurationMs: heartbeat?.durationMs ?? null,
      lastSweepErrors: heartbeat?.errors ?? [],
      lastGap: heartbeat?.lastGap
        ? { from: iso(heartbeat.lastGap.from), to: iso(heartbeat.lastGap.to) }
        : null,
    },
  };
}

/**
 * An NLB as of the request. States are rewritten only when they change, so the latest sighting
 * is the later of the stored one and the last sweep that read the NLB's region in full.
 */
/** What an NLB's view needs besides its state: the time, the workshop's threshold and accounts, its last sweep. */
export interface NlbViewContext {
  now: number;
  thresholdSeconds: number;
  heartbeat?: SweepHeartbeat;
  /** Its accounts tell where the heartbeat records the NLB's last full read, and the participant's label. */
  workshop?: Pick<Workshop, "accounts">;
  /** The labels of the workshop's accounts, resolved once for many views; from `workshop` by default. */
  labelOf?: LabelOf;
}

/** For views of a workshop without accounts: no NLB has a participant's label. */
const NO_LABELS: LabelOf = () => null;

export function loadBalancerView(state: NlbState, context: NlbViewContext): LoadBalancerView {
  const swept = context.heartbeat?.regionsObservedAt?.[observationKeyOf(context.workshop ?? {}, state)];
  const lastSeenAt =
    !state.error && swept !== undefined ? Math.max(swept, state.lastSeenAt) : state.lastSeenAt;
  const byState = zeroStates();
  for (const t of state.targets) byState[t.state] = (byState[t.state] ?? 0) + 1;
  const accountId = accountOfArn(state.arn);
  const labelOf = context.labelOf ?? (context.workshop ? labelsOf(context.workshop) : NO_LABELS);
  return {
    name: state.name,
    arn: state.arn,
    accountId,
    label: labelOf(accountId),
    region: state.region,
    dnsName: state.dnsName,
    scheme: state.scheme,
    state: state.lbState,
    cluster: state.cluster ?? null,
    service: state.service ?? null,
    mode: state.mode,
    targetCount: state.targets.length,
    targetsByState: byState,
    stuck: state.targets.filter((t) => isStuck(t, context.now, context.thresholdSeconds)).length,
    targetGroups: state.targetGroups.map((g) => ({
      name: g.name,
      arn: g.arn,
      targetType: g.targetType,
      protocol: g.protocol,
      port: g.port,
      healthCheck: {
        protocol: g.healthCheck.protocol,
        port: g.healthCheck.port,
        intervalSeconds: g.healthCheck.intervalSeconds,
        timeoutSeconds: g.healthCheck.timeoutSeconds,
        healthyThreshold: g.healthCheck.healthyThreshold,
        unhealthyThreshold: g.healthCheck.unhealthyThreshold,
      },
    })),
    firstSeenAt: iso(state.firstSeenAt),
    lastSeenAt: iso(lastSeenAt),
    lastChangeAt: iso(state.lastChangeAt),
    lastError: state.error
      ? {
          message: state.error.message,
          since: iso(state.error.since),
          at: iso(state.error.at),
          ageSeconds: seconds(context.now - state.error.since),
        }
      : null,
  };
}

export function loadBalancerDetailView(state: NlbState, context: NlbViewContext): LoadBalancerDetailView {
  const types = new Map(state.targetGroups.map((g) => [g.arn, g]));
  return {
    ...loadBalancerView(state, context),
    targets: state.targets.map((t) => targetView(t, types.get(t.targetGroupArn), context)),
  };
}

function targetView(
  t: TargetRecord,
  group: { name: string; targetType: string } | undefined,
  context: { now: number; thresholdSeconds: number },
): TargetView {
  return {
    id: t.id,
    port: t.port,
    availabilityZone: t.availabilityZone ?? null,
    targetGroup: group?.name ?? targetGroupNameOf(t.targetGroupArn),
    targetType: group?.targetType ?? "unknown",
    state: t.state,
    reason: t.reason ?? null,
    description: t.description ?? null,
    since: iso(t.since),
    registeredAt: iso(t.registeredAt),
    timeToHealthySeconds: t.timeToHealthySeconds ?? null,
    timeToHealthyBounds: boundsView(t.timeToHealthySeconds === undefined ? undefined : t.timeToHealthyBounds),
    stuck: isStuck(t, context.now, context.thresholdSeconds),
    notHealthySeconds: seconds(stuckSeconds(t, context.now) * 1000),
  };
}

/** A transition as the API answers it, with the participant's label of its NLB's account (`labelOf`). */
export function transitionView(t: Transition, labelOf: LabelOf = NO_LABELS): TransitionView {
  const target = t.kind === "target";
  const accountId = accountOfArn(t.loadBalancerArn);
  return {
    at: iso(t.at),
    observedBetween: [iso(t.observedBetween[0]), iso(t.observedBetween[1])],
    gap: t.gap === true,
    kind: t.kind,
    loadBalancer: t.loadBalancerName,
    accountId,
    label: labelOf(accountId),
    region: t.region,
    targetGroup: target ? targetGroupNameOf(t.targetGroupArn) : null,
    target: target ? { id: t.target.id, port: t.target.port } : null,
    from: t.from,
    to: t.to,
    reason: target ? (t.reason ?? null) : null,
    secondsInPreviousState: t.secondsInPreviousState ?? null,
    timeToHealthySeconds: target ? (t.timeToHealthySeconds ?? null) : null,
    timeToHealthyBounds: boundsView(
      target && t.timeToHealthySeconds !== undefined ? t.timeToHealthyBounds : undefined,
    ),
  };
}

function boundsView(bounds: TimeToHealthyBounds | undefined): TransitionView["timeToHealthyBounds"] {
  return bounds ? { min: bounds.min, max: bounds.max ?? null } : null;
}

function zeroStates(): Record<string, number> {
  return Object.fromEntries(TARGET_STATES.map((s) => [s, 0]));
}
