import type { NlbState } from "../model/state.ts";
import type { Workshop } from "../model/workshop.ts";
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
  putWorkshop(workshop: Workshop): Promise<void>;
  /** Deletes the workshop's config only. */
  deleteWorkshop(workshopId: string): Promise<void>;
  /** One page of a workshop's NLB states, in key order (region, then name). */
  listNlbStatesPage(workshopId: string, options: NlbStatePageOptions): Promise<StorePage<NlbState>>;
  /**
   * Every stored NLB of this name in this region: NLBs of several participant accounts may share
   * it, and a re-created NLB shares its predecessor's.
   */
  getNlbStates(workshopId: string, region: string, name: string): Promise<VersionedNlbState[]>;
  /** One page of a workshop's transitions, newest first. */
  listTransitionsPage(workshopId: string, options: TransitionPageOptions): Promise<TransitionPage>;
  /** Current state of every NLB of a workshop, keyed by NLB ARN. */
  loadNlbStates(workshopId: string): Promise<Map<string, VersionedNlbState>>;
  /** Every NLB state of a workshop, eventually consistent (half the read cost), past any page size. */
  listNlbStates(workshopId: string): Promise<NlbState[]>;
}
