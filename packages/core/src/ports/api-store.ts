import type { NlbState } from "../model/state.ts";
import type { Workshop } from "../model/workshop.ts";
import type { WorkshopMutation } from "./optimistic-update.ts";
import type {
  NlbStatePageOptions,
  StorePage,
  TransitionPage,
  TransitionPageOptions,
  VersionedNlbState,
  WorkshopSummary,
} from "./store-types.ts";

/** targetwatch's DynamoDB table, as the API reads and writes it: by key only, nothing scans. */
export interface ApiStore {
  /** Every workshop config with its latest sweep heartbeat. */
  listWorkshopSummaries(): Promise<WorkshopSummary[]>;
  /** One workshop's config and latest heartbeat (either may be missing). */
  getWorkshop(workshopId: string): Promise<WorkshopSummary>;
  /**
   * Stores `workshop` as it is, replacing any config of the same id (for seeding and tests: the
   * API changes configs through {@link createWorkshop} and {@link updateWorkshop}). A conditional
   * write too: it moves the config's version on, so no concurrent update is silently undone.
   */
  putWorkshop(workshop: Workshop): Promise<void>;
  /** Stores a new workshop unless one of that id exists: true if created, false (nothing written) if not. */
  createWorkshop(workshop: Workshop): Promise<boolean>;
  /**
   * Changes a workshop's config without losing a concurrent change: reads it (strongly
   * consistent), applies `mutate`, writes it only if its version is still the one read, and
   * starts over on conflict (bounded; see `updateOptimistically`). `mutate` may run several
   * times, so it must be pure; returning `current` itself writes nothing.
   *
   * @returns the workshop as stored
   * @throws NotFoundError (of the queries) when the workshop is not configured,
   *   `WorkshopUpdateConflictError` when every attempt lost its race
   */
  updateWorkshop(workshopId: string, mutate: WorkshopMutation<Workshop>): Promise<Workshop>;
  /** Deletes the workshop's config only. */
  deleteWorkshop(workshopId: string): Promise<void>;
  /** One page of a workshop's NLB states, in key order (region, then name). */
  listNlbStatesPage(workshopId: string, options: NlbStatePageOptions): Promise<StorePage<NlbState>>;
  /** The latest NLB of this name in this region (a re-created NLB shares its predecessor's name). */
  getNlbState(workshopId: string, region: string, name: string): Promise<VersionedNlbState | undefined>;
  /** One page of a workshop's transitions, newest first. */
  listTransitionsPage(workshopId: string, options: TransitionPageOptions): Promise<TransitionPage>;
  /** Current state of every NLB of a workshop, keyed by NLB ARN. */
  loadNlbStates(workshopId: string): Promise<Map<string, VersionedNlbState>>;
  /** Every NLB state of a workshop, eventually consistent (half the read cost), past any page size. */
  listNlbStates(workshopId: string): Promise<NlbState[]>;
}
