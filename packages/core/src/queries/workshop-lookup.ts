import { DEFAULT_WORKSHOP_ID } from "../model/constants.ts";
import { DEFAULT_WORKSHOP, type Workshop } from "../model/workshop.ts";
import type { ApiStore, SweepHeartbeat, WorkshopSummary } from "../ports/index.ts";
import { NotFoundError } from "./query-errors.ts";

/** A workshop as the API found it, with its last sweep. */
export interface CachedWorkshop {
  workshop: Workshop;
  heartbeat?: SweepHeartbeat;
  implicit: boolean;
  until: number;
}

/**
 * Workshops looked up by id and kept for a few seconds: a warm function then reads a workshop's
 * config and heartbeat once for many requests.
 */
export class WorkshopLookup {
  readonly #store: ApiStore;
  readonly #now: () => number;
  readonly #cacheMs: number;
  readonly #cache = new Map<string, CachedWorkshop>();

  constructor(store: ApiStore, now: () => number, cacheMs: number) {
    this.#store = store;
    this.#now = now;
    this.#cacheMs = cacheMs;
  }

  /** Forgets every workshop: the next lookups read the store (after a workshop was changed). */
  clear(): void {
    this.#cache.clear();
  }

  /** The workshop while it is still fresh in the cache. */
  cached(id: string): CachedWorkshop | undefined {
    const cached = this.#cache.get(id);
    return cached && cached.until > this.#now() ? cached : undefined;
  }

  /**
   * The workshop: configured, or `default` while none is (implicit); {@link NotFoundError}
   * otherwise. Cached for `cacheMs`.
   */
  async workshop(id: string): Promise<CachedWorkshop> {
    const cached = this.cached(id);
    if (cached) return cached;
    const now = this.#now();
    const { found, configured } = await this.#lookUp(id);
    const anyConfigured = configured.length > 0;
    let entry: CachedWorkshop;
    if (found.workshop) {
      entry = { workshop: found.workshop, implicit: false, until: now + this.#cacheMs };
    } else if (id === DEFAULT_WORKSHOP_ID && !anyConfigured) {
      entry = { workshop: DEFAULT_WORKSHOP, implicit: true, until: now + this.#cacheMs };
    } else if (id === DEFAULT_WORKSHOP_ID) {
      // The README's own tour configures a workshop and then finds `default` gone: say where.
      throw new NotFoundError(
        `workshop "default" watches every Load Balancer Controller NLB only while no workshop is configured; ` +
          `configured now: ${configured.join(", ")} (GET /workshops lists them; ` +
          "PUT /workshops/default configures default alongside them)",
      );
    } else {
      throw new NotFoundError(`workshop "${id}" does not exist`);
    }
    if (found.heartbeat) entry.heartbeat = found.heartbeat;
    this.#cache.set(id, entry);
    return entry;
  }

  /**
   * One request: the workshop's config and heartbeat (BatchGetItem), or for `default`, which
   * exists implicitly while no workshop is configured, the whole workshops partition (one Query
   * that says both).
   */
  async #lookUp(id: string): Promise<{ found: WorkshopSummary; configured: string[] }> {
    if (id !== DEFAULT_WORKSHOP_ID) return { found: await this.#store.getWorkshop(id), configured: [id] };
    const summaries = await this.#store.listWorkshopSummaries();
    return {
      found: summaries.find((s) => s.workshopId === id) ?? { workshopId: id },
      configured: summaries.filter((s) => s.workshop).map((s) => s.workshopId),
    };
  }
}
