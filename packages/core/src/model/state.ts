import type { Mode, TargetGroupSnapshot, TargetState } from "./snapshot.ts";

/** A target as targetwatch remembers it between sweeps. Times are epoch ms. */
export interface TargetRecord {
  targetGroupArn: string;
  id: string;
  port: number;
  availabilityZone?: string;
  state: TargetState;
  reason?: string;
  description?: string;
  /** First time seen in the current state (`receivedAt` of that read). */
  since: number;
  /** `sentAt` of the latest read that saw it in the current state: where the next change's window opens. */
  lastSeenAt: number;
  /** First time seen at all (`receivedAt`): registration, as precisely as sampling allows. */
  registeredAt: number;
  /** `sentAt` of the latest read of its target group without this target (when known): registration happened after it. */
  registeredAfter?: number;
  /** The registration window crossed a gap in the observations: no time to healthy is measured. */
  registeredAcrossGap?: true;
  /** First time seen not `healthy` in the current run of non-healthy states (for stuck detection). */
  notHealthySince?: number;
  /** First time seen `healthy` (`receivedAt`). */
  healthyAt?: number;
  /** `sentAt` of the last read before `healthyAt` that saw it not healthy: it turned healthy after that. */
  healthyAfter?: number;
  /** `healthyAt − registeredAt`, in seconds. */
  timeToHealthySeconds?: number;
  /** Where the true time to healthy lies, given both windows (see {@link TimeToHealthyBounds}). */
  timeToHealthyBounds?: TimeToHealthyBounds;
}

/**
 * The true time to healthy lies in [min, max] seconds: `min` = the healthy window's start − the
 * registration window's end (at least 0), `max` = the healthy window's end − the registration
 * window's start; no `max` when registration was first seen without an earlier read to bound it.
 */
export interface TimeToHealthyBounds {
  min: number;
  max?: number;
}

/** A target group as persisted: its settings; its targets live in `NlbState.targets`. */
export type TargetGroupInfo = Omit<TargetGroupSnapshot, "targets" | "read"> & {
  /** `sentAt` of the latest read of its target health: a target first seen later registered after it. */
  lastSeenAt?: number;
};

export interface NlbError {
  message: string;
  /** First failed read in the current run of failures. */
  since: number;
  /** Latest failed read. */
  at: number;
}

/** The persisted state of one NLB within one workshop: what the next sweep diffs against. */
export interface NlbState {
  region: string;
  arn: string;
  name: string;
  dnsName: string;
  scheme: string;
  lbState: string;
  cluster?: string;
  service?: string;
  mode: Mode;
  /** First time seen in the current mode. */
  modeSince: number;
  targetGroups: TargetGroupInfo[];
  targets: TargetRecord[];
  firstSeenAt: number;
  /** `sentAt` of the latest discovery read that listed it. */
  lastSeenAt: number;
  /**
   * The latest `receivedAt` of any read this state reflects. A write based on a read sent before
   * it is older than what is stored and is refused (overlapping sweeps). Absent in states
   * written before it existed: `lastSeenAt` stands in.
   */
  lastReceivedAt?: number;
  /** Latest read that changed anything. */
  lastChangeAt: number;
  /** Set while reads of this NLB fail; the rest of the state is the last known one. */
  error?: NlbError;
}

/** Unique key of a target: target group + target id + port. */
export function targetKey(t: { targetGroupArn: string; id: string; port: number }): string {
  return `${t.targetGroupArn}|${t.id}|${t.port}`;
}
