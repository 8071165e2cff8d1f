import type { Transition } from "../model/transition.ts";
import type { ApiStore } from "../ports/index.ts";
import { PROGRESS_TRANSITION_LIMIT, PROGRESS_WINDOW_MS } from "./board-view.ts";

/**
 * The transitions behind the board's stage-over-time chart: one Query page, the newest
 * {@link PROGRESS_TRANSITION_LIMIT} of the last {@link PROGRESS_WINDOW_MS}. Transitions land
 * with sweeps, so the page is read again only when the workshop's heartbeat says a sweep has
 * finished since: between sweeps (the page refreshes every few seconds, sweeps run once a
 * minute) a board costs its NLB pages and nothing more.
 */
export class ProgressWindow {
  readonly #store: ApiStore;
  readonly #read = new Map<string, { heartbeatAt: number | undefined; transitions: Promise<Transition[]> }>();

  constructor(store: ApiStore) {
    this.#store = store;
  }

  /** The window's transitions, newest first, as of the sweep that finished at `heartbeatAt`. */
  transitions(workshopId: string, heartbeatAt: number | undefined, now: number): Promise<Transition[]> {
    const known = this.#read.get(workshopId);
    if (known && known.heartbeatAt === heartbeatAt) return known.transitions;
    const transitions = this.#store
      .listTransitionsPage(workshopId, { limit: PROGRESS_TRANSITION_LIMIT, since: now - PROGRESS_WINDOW_MS })
      .then((page) => page.items);
    this.#read.set(workshopId, { heartbeatAt, transitions });
    // A failed read is not kept: the next board asks again.
    transitions.catch(() => {
      if (this.#read.get(workshopId)?.transitions === transitions) this.#read.delete(workshopId);
    });
    return transitions;
  }
}
