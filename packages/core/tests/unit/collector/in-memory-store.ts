// A test fake of the collector's store port: the semantics of DynamoWorkshopStore (optimistic
// locking by version, idempotent transitions, copies in and out) without DynamoDB.
import type { NlbState } from "../../../src/model/state.ts";
import type { Transition } from "../../../src/model/transition.ts";
import type { Workshop } from "../../../src/model/workshop.ts";
import {
  type CollectorStore,
  ConcurrentUpdateError,
  type NlbUpdate,
  type StoreStats,
  type SweepHeartbeat,
} from "../../../src/ports/index.ts";

type StoredNlb = { state: NlbState; version: number };

export class InMemoryStore implements CollectorStore {
  /** Runs before every `applyUpdate` is checked: throw to fail it, or write first to race it. */
  beforeApply?: (update: NlbUpdate) => void | Promise<void>;
  /** Runs before every `loadNlbHistory`: throw to fail it. */
  beforeHistory?: () => void;
  /** Runs before every `putHeartbeat`: throw to fail it. */
  beforeHeartbeat?: (heartbeat: SweepHeartbeat) => void | Promise<void>;
  /** Every `applyUpdate` call, failed ones included. */
  readonly updates: NlbUpdate[] = [];
  /** When set, every request fails with it, as a store that does not answer (no HTTP status). */
  unavailable?: Error;
  /** When true, every request hangs until its signal aborts, as a stopped DynamoDB does. */
  stalled = false;
  /** Requests now hanging; `untilStalled` resolves once one is. */
  stalledRequests = 0;
  #onStall: (() => void)[] = [];

  readonly #workshops = new Map<string, Workshop>();
  readonly #nlbs = new Map<string, Map<string, StoredNlb>>();
  /** Workshop → transitions keyed by content, as the real store's deterministic ids do. */
  readonly #transitions = new Map<string, Map<string, Transition>>();
  readonly #heartbeats = new Map<string, SweepHeartbeat>();
  readonly #stats: StoreStats = { writeRequests: 0, readRequests: 0 };

  async listWorkshops(signal?: AbortSignal): Promise<Workshop[]> {
    this.#stats.readRequests++;
    await this.#answer(signal);
    return structuredClone([...this.#workshops.values()]);
  }

  /** Resolves once a request hangs on the stalled store. */
  untilStalled(): Promise<void> {
    if (this.stalledRequests > 0) return Promise.resolve();
    return new Promise((resolve) => this.#onStall.push(resolve));
  }

  /** What every request goes through: fail when unavailable, hang while stalled (until `signal` aborts). */
  async #answer(signal: AbortSignal | undefined): Promise<void> {
    if (this.unavailable) throw this.unavailable;
    if (!this.stalled) return;
    this.stalledRequests++;
    for (const resolve of this.#onStall.splice(0)) resolve();
    await new Promise<never>((_, reject) => {
      if (signal?.aborted) reject(signal.reason);
      signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
    }).finally(() => {
      this.stalledRequests--;
    });
  }

  async putWorkshop(workshop: Workshop): Promise<void> {
    this.#stats.writeRequests++;
    this.#workshops.set(workshop.id, structuredClone(workshop));
  }

  async loadNlbStates(workshopId: string, signal?: AbortSignal): Promise<Map<string, StoredNlb>> {
    this.#stats.readRequests++;
    await this.#answer(signal);
    return this.nlbStates(workshopId);
  }

  async applyUpdate(update: NlbUpdate, _retentionDays: number, signal?: AbortSignal): Promise<void> {
    this.#stats.writeRequests++;
    this.updates.push(structuredClone(update));
    await this.#answer(signal);
    await this.beforeApply?.(update);
    const arn = update.next?.arn ?? update.previous?.state.arn;
    if (!arn) throw new Error("An update names its NLB through previous or next");
    const nlbs = this.#nlbs.get(update.workshopId) ?? new Map<string, StoredNlb>();
    const stored = nlbs.get(arn);
    if (stored?.version !== update.previous?.version) {
      throw new ConcurrentUpdateError(
        `${arn} is at version ${stored?.version}, not ${update.previous?.version}`,
      );
    }
    if (update.next)
      nlbs.set(arn, { state: structuredClone(update.next), version: (stored?.version ?? 0) + 1 });
    else nlbs.delete(arn);
    this.#nlbs.set(update.workshopId, nlbs);
    const transitions = this.#transitions.get(update.workshopId) ?? new Map<string, Transition>();
    for (const t of update.transitions) transitions.set(JSON.stringify(t), structuredClone(t));
    this.#transitions.set(update.workshopId, transitions);
  }

  async listTransitions(
    workshopId: string,
    options: { loadBalancerName?: string; limit?: number } = {},
  ): Promise<Transition[]> {
    this.#stats.readRequests++;
    return this.transitions(workshopId)
      .filter(
        (t) => options.loadBalancerName === undefined || t.loadBalancerName === options.loadBalancerName,
      )
      .reverse()
      .slice(0, options.limit);
  }

  async loadNlbHistory(
    workshopId: string,
    loadBalancerName: string,
    since: number,
    signal?: AbortSignal,
  ): Promise<Transition[]> {
    this.#stats.readRequests++;
    await this.#answer(signal);
    this.beforeHistory?.();
    return this.transitions(workshopId).filter(
      (t) => t.loadBalancerName === loadBalancerName && t.at >= since,
    );
  }

  async putHeartbeat(heartbeat: SweepHeartbeat, signal?: AbortSignal): Promise<void> {
    this.#stats.writeRequests++;
    await this.#answer(signal);
    await this.beforeHeartbeat?.(heartbeat);
    this.#heartbeats.set(heartbeat.workshopId, structuredClone(heartbeat));
  }

  async getHeartbeat(workshopId: string, signal?: AbortSignal): Promise<SweepHeartbeat | undefined> {
    this.#stats.readRequests++;
    await this.#answer(signal);
    return structuredClone(this.#heartbeats.get(workshopId));
  }

  stats(): StoreStats {
    return { ...this.#stats };
  }

  /** Test setup: an NLB state as a previous sweep left it. */
  seed(workshopId: string, state: NlbState, version = 1): void {
    const nlbs = this.#nlbs.get(workshopId) ?? new Map<string, StoredNlb>();
    nlbs.set(state.arn, { state: structuredClone(state), version });
    this.#nlbs.set(workshopId, nlbs);
  }

  /** Test setup: the heartbeat of a previous sweep. */
  seedHeartbeat(heartbeat: SweepHeartbeat): void {
    this.#heartbeats.set(heartbeat.workshopId, structuredClone(heartbeat));
  }

  /** What is stored now, without counting a read. */
  nlbStates(workshopId: string): Map<string, StoredNlb> {
    return structuredClone(this.#nlbs.get(workshopId) ?? new Map<string, StoredNlb>());
  }

  /** Stored transitions, oldest first (in `at` order, then write order), without counting a read. */
  transitions(workshopId: string): Transition[] {
    return structuredClone([...(this.#transitions.get(workshopId)?.values() ?? [])]).sort(
      (a, b) => a.at - b.at,
    );
  }

  heartbeat(workshopId: string): SweepHeartbeat | undefined {
    return structuredClone(this.#heartbeats.get(workshopId));
  }
}
