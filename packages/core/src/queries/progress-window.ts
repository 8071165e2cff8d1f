import type { NlbState } from "../model/state.ts";
import type { Transition } from "../model/transition.ts";
import type { Workshop } from "../model/workshop.ts";
import type { ApiStore } from "../ports/index.ts";
import {
  type BoardView,
  boardProgress,
  PROGRESS_TRANSITION_LIMIT,
  PROGRESS_WINDOW_MS,
  participantIdOf,
} from "./board-view.ts";

interface Window {
  heartbeatAt: number | undefined;
  transitions: Promise<Transition[]>;
  /** The replay, by the participants it was replayed for. */
  progress?: { owners: string; points: BoardView["progress"] };
}

/**
 * The board's stage-over-time chart: one Query page of transitions, the newest
 * {@link PROGRESS_TRANSITION_LIMIT} of the last {@link PROGRESS_WINDOW_MS}, replayed by
 * {@link boardProgress}. Transitions land with sweeps, so the page is read and replayed again
 * only when the workshop's heartbeat says a sweep has finished since (or the NLBs' owners
 * changed): between sweeps (the page refreshes every few seconds, sweeps run once a minute) a
 * board costs its NLB pages and nothing more.
 */
export class ProgressWindow {
  readonly #store: ApiStore;
  readonly #windows = new Map<string, Window>();

  constructor(store: ApiStore) {
    this.#store = store;
  }

  /** The class's stage counts over the window, as of the sweep that finished at `heartbeatAt`. */
  async progress(
    workshopId: string,
    heartbeatAt: number | undefined,
    states: readonly NlbState[],
    now: number,
    workshop: Pick<Workshop, "accounts"> = {},
  ): Promise<BoardView["progress"]> {
    const window = this.#window(workshopId, heartbeatAt, now);
    const transitions = await window.transitions;
    // With accounts the owner is in the ARN; the accounts listed are participants too.
    const accounts = (workshop.accounts ?? []).map((a) => a.accountId).join(",");
    const owners = `${accounts}\n${states.map((s) => `${s.arn}=${participantIdOf(s)}`).join("\n")}`;
    if (window.progress?.owners !== owners) {
      window.progress = { owners, points: boardProgress({ states, transitions, workshop }) };
    }
    return window.progress.points;
  }

  #window(workshopId: string, heartbeatAt: number | undefined, now: number): Window {
    const known = this.#windows.get(workshopId);
    if (known && known.heartbeatAt === heartbeatAt) return known;
    const transitions = this.#store
      .listTransitionsPage(workshopId, { limit: PROGRESS_TRANSITION_LIMIT, since: now - PROGRESS_WINDOW_MS })
      .then((page) => page.items);
    const window: Window = { heartbeatAt, transitions };
    this.#windows.set(workshopId, window);
    // A failed read is not kept: the next board asks again.
    transitions.catch(() => {
      if (this.#windows.get(workshopId) === window) this.#windows.delete(workshopId);
    });
    return window;
  }
}
