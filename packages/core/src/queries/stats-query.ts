import type { NlbState } from "../model/state.ts";
import type { Transition } from "../model/transition.ts";
import { hasParticipantAccounts, type Workshop } from "../model/workshop.ts";
import type { ApiStore } from "../ports/index.ts";
import { accountOfArn } from "../rules/timeline.ts";
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

/**
 * `/stats` of a workshop from what {@link startStatsReads} read, as of `now`; with `account`, of
 * that participant account only (filtered in memory: the reads are the workshop's anyway).
 */
export function statsOf(
  workshop: Workshop,
  everything: { states: NlbState[]; transitions?: Transition[] },
  now: number,
  account?: string,
): StatsView {
  const read = account === undefined ? everything : ofAccount(everything, account);
  const accounts = workshop.accounts?.filter((a) => account === undefined || a.accountId === account);
  return statsView({
    workshopId: workshop.id,
    workshop: accounts ? { accounts } : {},
    participantsBy: hasParticipantAccounts(workshop) ? "account" : "cluster",
    states: read.states,
    now,
    thresholdSeconds: workshop.stuckThresholdSeconds,
    ...(read.transitions
      ? { window: { start: now - workshop.retentionDays * 86_400_000, transitions: read.transitions } }
      : {}),
  });
}

function ofAccount(
  read: { states: NlbState[]; transitions?: Transition[] },
  account: string,
): { states: NlbState[]; transitions?: Transition[] } {
  return {
    states: read.states.filter((s) => accountOfArn(s.arn) === account),
    ...(read.transitions
      ? { transitions: read.transitions.filter((t) => accountOfArn(t.loadBalancerArn) === account) }
      : {}),
  };
}
