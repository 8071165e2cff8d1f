import type { StageCounts } from "../model/progress.ts";
import type { AccountStatus } from "../model/scope.ts";
import type { NlbState } from "../model/state.ts";
import type { Transition } from "../model/transition.ts";
import type { Workshop } from "../model/workshop.ts";

/** An NLB's persisted state with the store version that guards its next update. */
export interface VersionedNlbState {
  state: NlbState;
  version: number;
}

/** What the collector writes after diffing one NLB of one workshop. */
export interface NlbUpdate {
  workshopId: string;
  /** State before the sweep (`undefined` if new), with its store version for optimistic locking. */
  previous?: VersionedNlbState;
  /** State after the sweep; `undefined` when the NLB disappeared (its state is deleted). */
  next?: NlbState;
  transitions: Transition[];
}

/** What one sweep recorded for one workshop; the latest is kept per workshop. */
export interface SweepHeartbeat {
  workshopId: string;
  at: number;
  durationMs: number;
  apiCalls: number;
  errors: string[];
  loadBalancers: number;
  targets: number;
  targetsByState: Record<string, number>;
  stuck: number;
  /**
   * Region (`<account>/<region>` for a participant account, see `observationKey`) → when this
   * sweep's discovery read it, for regions read completely and recorded
   * without error. NLB states are rewritten only when they change, so this is the latest time an
   * unchanged NLB was seen: the next sweep opens its `observedBetween` windows there.
   */
  regionsObservedAt?: Record<string, number>;
  /**
   * NLB id (the last part of its ARN) → the store version this sweep found unchanged or wrote
   * when it read the NLB's region: only a state still at that version was seen at
   * `regionsObservedAt`. Another sweep may have written an older reading since (overlapping
   * sweeps, a slow write landing late); its state is not vouched for.
   */
  observedVersions?: Record<string, number>;
  /**
   * The latest period without recorded data (epoch ms): from the last recorded sweep before it
   * to the sweep that recorded again, after the store or the collector was down or sweeps
   * were missed. Changes that crossed it are marked `gap` with it as their window.
   */
  lastGap?: { from: number; to: number };
  /** Account id → how reading it went, for a workshop with participant accounts. */
  accounts?: Record<string, AccountStatus>;
  /**
   * The class's stage counts as the sweeps of the last 3 hours observed them, oldest first, a
   * point where they changed (`recordProgress`): the board's progress chart, read with the
   * heartbeat. Absent in heartbeats written before it was kept.
   */
  progress?: { at: number; stages: StageCounts }[];
}

/** A workshop's row in a listing: the config and the latest sweep; either can be missing (the implicit `default` workshop has no config). */
export interface WorkshopSummary {
  workshopId: string;
  workshop?: Workshop;
  heartbeat?: SweepHeartbeat;
}

/** Requests a store has sent, so a sweep can say what it cost. */
export interface StoreStats {
  /** DynamoDB write requests (PutItem, UpdateItem, BatchWriteItem, TransactWriteItems calls). */
  writeRequests: number;
  readRequests: number;
}

/** One page of a store query, in key order. */
export interface StorePage<T> {
  items: T[];
  /** Opaque cursor: present when there may be more; pass it back as `exclusiveStartKey`. */
  lastEvaluatedKey?: string;
}

/** Which page of a workshop's NLB states to read. */
export interface NlbStatePageOptions {
  /** 1–1000 items per page. */
  limit: number;
  /** `lastEvaluatedKey` of the previous page. */
  exclusiveStartKey?: string;
  /** Only NLBs in this account (a filter: a page may hold fewer than `limit` items and still have a next page). */
  accountId?: string;
}

/** Which page of a workshop's transitions to read. */
export interface TransitionPageOptions {
  /** Only this NLB's transitions (all its incarnations under this name). */
  loadBalancerName?: string;
  /** Only this region (a filter: a page may hold fewer than `limit` items and still have a next page). */
  region?: string;
  /** Only transitions of NLBs in this account (a filter, as `region`). */
  accountId?: string;
  /** 1–1000 items per page. */
  limit: number;
  /** `lastEvaluatedKey` of the previous page of the same query. */
  exclusiveStartKey?: string;
  /** Only transitions with `at` ≥ `since` (epoch ms). */
  since?: number;
  /** Only transitions with `at` ≤ `until` (epoch ms). */
  until?: number;
}

/** A page of transitions, newest first. */
export type TransitionPage = StorePage<Transition>;

/** Thrown by {@link CollectorStore.applyUpdate} when another sweep changed the NLB first. */
export class ConcurrentUpdateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConcurrentUpdateError";
  }
}
