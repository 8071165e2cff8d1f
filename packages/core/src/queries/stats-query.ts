import type { NlbState } from "../model/state.ts";
import type { Transition } from "../model/transition.ts";
import type { Workshop } from "../model/workshop.ts";
import type { ApiStore } from "../ports/index.ts";
import { type StatsScope, statsView } from "./stats-view.ts";
import type { StatsView } from "./views.ts";

/** DynamoDB's largest page the store takes: a window's transitions in as few requests as possible. */
const TRANSITION_PAGE = 1000;

/**
 * Every stored transition of a workshop, newest first, page after page. Each page is one
 * eventually consistent Query. Items past their TTL that DynamoDB has not deleted yet (it takes
 * up to a few days on AWS) come too: the caller drops what is older than its window.
 */
export async function readAllTransitions(store: ApiStore, workshopId: string): Promise<Transition[]> {
  const all: Transition[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listTransitionsPage(workshopId, {
      limit: TRANSITION_PAGE,
      ...(cursor !== undefined ? { exclusiveStartKey: cursor } : {}),
    });
    all.push(...page.items);
    cursor = page.lastEvaluatedKey;
  } while (cursor !== undefined);
  return all;
}

/**
 * What the reads of `/stats` for one scope are: the NLB states, and for the window the
 * transitions too. Both are started at once, before the workshop (and so its retention) is
 * known, so that they overlap its lookup; the window is applied once it is.
 */
export function startStatsReads(
  store: ApiStore,
  workshopId: string,
  scope: StatsScope,
): () => Promise<{ states: NlbState[]; transitions?: Transition[] }> {
  const states = store.listNlbStates(workshopId);
  const transitions = scope === "window" ? readAllTransitions(store, workshopId) : undefined;
  // Awaited by the caller, unless the workshop's lookup fails first.
  states.catch(() => {});
  transitions?.catch(() => {});
  return async () => ({
    states: await states,
    ...(transitions ? { transitions: await transitions } : {}),
  });
}

/** `/stats` of a workshop from what {@link startStatsReads} read, as of `now`. */
export function statsOf(
  workshop: Workshop,
  read: { states: NlbState[]; transitions?: Transition[] },
  now: number,
): StatsView {
  return statsView({
    workshopId: workshop.id,
    states: read.states,
    now,
    thresholdSeconds: workshop.stuckThresholdSeconds,
    ...(read.transitions
      ? { window: { start: now - workshop.retentionDays * 86_400_000, transitions: read.transitions } }
      : {}),
  });
}
