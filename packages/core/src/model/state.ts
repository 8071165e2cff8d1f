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
  /** First time seen in the current state. */
  since: number;
  /** Last time seen in the current state (the latest sample). */
  lastSeenAt: number;
  /** First time seen at all: registration, as precisely as sampling allows. */
  registeredAt: number;
  /** Last sample before `registeredAt` in which the NLB was read without this target (when known). */
  registeredAfter?: number;
  /** First time seen not `healthy` in the current run of non-healthy states (for stuck detection). */
  notHealthySince?: number;
  /** First time seen `healthy`. */
  healthyAt?: number;
  /** `healthyAt − registeredAt`, in seconds. */
  timeToHealthySeconds?: number;
}

/** A target group as persisted: its settings; its targets live in `NlbState.targets`. */
export type TargetGroupInfo = Omit<TargetGroupSnapshot, "targets">;

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
  /** Latest successful read. */
  lastSeenAt: number;
  /** Latest read that changed anything. */
  lastChangeAt: number;
  /** Set while reads of this NLB fail; the rest of the state is the last known one. */
  error?: NlbError;
}

/** Unique key of a target: target group + target id + port. */
export function targetKey(t: { targetGroupArn: string; id: string; port: number }): string {
  return `${t.targetGroupArn}|${t.id}|${t.port}`;
}
