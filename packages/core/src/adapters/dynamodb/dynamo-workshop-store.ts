import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { NlbState } from "../../model/state.ts";
import type { Transition } from "../../model/transition.ts";
import type { Workshop } from "../../model/workshop.ts";
import type {
  ApiStore,
  CollectorStore,
  NlbStatePageOptions,
  NlbUpdate,
  StorePage,
  SweepHeartbeat,
  TransitionPage,
  TransitionPageOptions,
  VersionedNlbState,
  WorkshopMutation,
  WorkshopSummary,
} from "../../ports/index.ts";
import { type DynamoStoreStats, DynamoTable } from "./dynamo-table.ts";
import { HeartbeatRepository } from "./heartbeat-repository.ts";
import { NlbStateRepository } from "./nlb-state-repository.ts";
import { TransitionLog } from "./transition-log.ts";
import { WorkshopRepository } from "./workshop-repository.ts";

export interface DynamoWorkshopStoreOptions {
  /**
   * Injected so tests and the local stack point it at DynamoDB Local. Any marshalling options
   * work: the store drops `undefined` values itself and writes only plain data.
   */
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Stamps `updatedAt` on written items (epoch ms); `Date.now` by default. */
  now?: () => number;
}

/**
 * {@link CollectorStore} and {@link ApiStore} on one DynamoDB table (single-table design,
 * described in docs/data-model.md): one repository per kind of item on a shared
 * {@link DynamoTable}, whose request counts {@link DynamoWorkshopStore.stats} reports. Every
 * read is a GetItem or a Query on a key; nothing scans.
 *
 * @example
 * ```ts
 * const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
 * const store = new DynamoWorkshopStore({ client, tableName: Resource.Table.name });
 * const states = await store.loadNlbStates("reinvent-2025");
 * ```
 */
export class DynamoWorkshopStore implements CollectorStore, ApiStore {
  readonly #table: DynamoTable;
  readonly #workshops: WorkshopRepository;
  readonly #heartbeats: HeartbeatRepository;
  readonly #nlbStates: NlbStateRepository;
  readonly #transitions: TransitionLog;

  constructor(options: DynamoWorkshopStoreOptions) {
    const now = options.now ?? Date.now;
    this.#table = new DynamoTable(options.client, options.tableName);
    this.#workshops = new WorkshopRepository(this.#table, now);
    this.#heartbeats = new HeartbeatRepository(this.#table, now);
    this.#nlbStates = new NlbStateRepository(this.#table, now);
    this.#transitions = new TransitionLog(this.#table);
  }

  async listWorkshops(signal?: AbortSignal): Promise<Workshop[]> {
    const summaries = await this.#workshops.listSummaries(signal);
    return summaries.flatMap((summary) => (summary.workshop ? [summary.workshop] : []));
  }

  /** Every workshop config with its latest sweep heartbeat: one Query (more only past 1 MB). */
  listWorkshopSummaries(): Promise<WorkshopSummary[]> {
    return this.#workshops.listSummaries();
  }

  /** A workshop's config and latest heartbeat: one BatchGetItem. */
  getWorkshop(workshopId: string): Promise<WorkshopSummary> {
    return this.#workshops.getSummary(workshopId);
  }

  /** Creates or replaces the config (see {@link WorkshopRepository.put}). */
  putWorkshop(workshop: Workshop): Promise<void> {
    return this.#workshops.put(workshop);
  }

  /** One conditional PutItem: false if a workshop of that id exists. */
  createWorkshop(workshop: Workshop): Promise<boolean> {
    return this.#workshops.create(workshop);
  }

  /** Optimistic, version-conditional update (see {@link WorkshopRepository.update}). */
  updateWorkshop(workshopId: string, mutate: WorkshopMutation<Workshop>): Promise<Workshop> {
    return this.#workshops.update(workshopId, mutate);
  }

  /** Deletes the workshop's config only (see {@link WorkshopRepository.delete}). */
  deleteWorkshop(workshopId: string): Promise<void> {
    return this.#workshops.delete(workshopId);
  }

  /** One page of a workshop's NLB states, in key order (region, then name): one Query. */
  listNlbStatesPage(workshopId: string, options: NlbStatePageOptions): Promise<StorePage<NlbState>> {
    return this.#nlbStates.page(workshopId, options);
  }

  /** Every NLB state of a workshop, strongly consistent. */
  loadNlbStates(workshopId: string, signal?: AbortSignal): Promise<Map<string, VersionedNlbState>> {
    return this.#nlbStates.loadAll(workshopId, signal ? { signal } : {});
  }

  /** Every NLB state of a workshop, eventually consistent: one Query per MB of states. */
  async listNlbStates(workshopId: string): Promise<NlbState[]> {
    return [...(await this.#nlbStates.loadAll(workshopId, { consistentRead: false })).values()].map(
      (stored) => stored.state,
    );
  }

  /** One NLB of a workshop with its targets: one Query (see {@link NlbStateRepository.get}). */
  getNlbState(workshopId: string, region: string, name: string): Promise<VersionedNlbState | undefined> {
    return this.#nlbStates.get(workshopId, region, name);
  }

  /** One NLB's new state with its transitions (see {@link NlbStateRepository.applyUpdate}). */
  applyUpdate(update: NlbUpdate, retentionDays: number, signal?: AbortSignal): Promise<void> {
    return this.#nlbStates.applyUpdate(update, retentionDays, signal);
  }

  /** Up to `limit` transitions of a workshop (all by default), newest first, optionally of one NLB. */
  listTransitions(
    workshopId: string,
    options: { loadBalancerName?: string; limit?: number } = {},
  ): Promise<Transition[]> {
    return this.#transitions.list(workshopId, options);
  }

  /** One page of transitions, newest first: one Query on the workshop's history (or the NLB's GSI partition). */
  listTransitionsPage(workshopId: string, options: TransitionPageOptions): Promise<TransitionPage> {
    return this.#transitions.page(workshopId, options);
  }

  /** One PutItem: in a sweep that changed nothing, this is the workshop's only write. */
  putHeartbeat(heartbeat: SweepHeartbeat, signal?: AbortSignal): Promise<void> {
    return this.#heartbeats.put(heartbeat, signal);
  }

  getHeartbeat(workshopId: string, signal?: AbortSignal): Promise<SweepHeartbeat | undefined> {
    return this.#heartbeats.get(workshopId, signal);
  }

  /** Requests sent since the store was created (each SDK attempt counts), and the capacity they reported. */
  stats(): DynamoStoreStats {
    return this.#table.stats();
  }
}
