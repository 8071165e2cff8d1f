import type { StageCounts, WorkshopGoal } from "../model/progress.ts";
import type { NlbState } from "../model/state.ts";
import type { Workshop } from "../model/workshop.ts";
import { participantStage } from "./participant.ts";
import { emptyStageCounts } from "./stage.ts";
import { accountOfArn } from "./timeline.ts";

/** The participant's label of an account, `null` when the workshop gives it none. */
export type LabelOf = (accountId: string) => string | null;

/**
 * The labels of a workshop's accounts as they are now: labels change during an event, so views
 * resolve them when they answer rather than reading a copy stored with NLBs or transitions.
 *
 * @example
 * ```ts
 * labelsOf({ accounts: [{ accountId: "111111111111", label: "Table 3 – Alice" }] })("111111111111"); // "Table 3 – Alice"
 * labelsOf({})("111111111111"); // null
 * ```
 */
export function labelsOf(workshop: Pick<Workshop, "accounts">): LabelOf {
  const labels = new Map<string, string>();
  for (const account of workshop.accounts ?? []) {
    if (account.label) labels.set(account.accountId, account.label);
  }
  return (accountId) => labels.get(accountId) ?? null;
}

/** One participant account of a workshop and its NLBs. */
export interface AccountParticipant<T extends NlbState = NlbState> {
  accountId: string;
  label: string | null;
  states: T[];
}

/**
 * The participants of a workshop with accounts: each of its accounts in the workshop's order
 * (those without an NLB too), then any account an NLB is in that the workshop no longer lists
 * (removed mid-event, its last NLBs still stored), in id order.
 */
export function accountParticipants<T extends NlbState>(
  workshop: Pick<Workshop, "accounts">,
  states: readonly T[],
): AccountParticipant<T>[] {
  const labelOf = labelsOf(workshop);
  const byAccount = new Map<string, T[]>();
  for (const account of workshop.accounts ?? []) byAccount.set(account.accountId, []);
  const unlisted = new Map<string, T[]>();
  for (const state of states) {
    const accountId = accountOfArn(state.arn);
    let own = byAccount.get(accountId) ?? unlisted.get(accountId);
    if (!own) {
      own = [];
      unlisted.set(accountId, own);
    }
    own.push(state);
  }
  const ordered = [...byAccount, ...[...unlisted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))];
  return ordered.map(([accountId, own]) => ({ accountId, label: labelOf(accountId), states: own }));
}

/**
 * How many participant accounts are in each stage ({@link participantStage}: the stage of their
 * most advanced NLB), an account without an NLB in `noNlb`. Every stage is listed.
 *
 * @example
 * ```ts
 * accountStageCounts({ accounts: [{ accountId: "111111111111" }] }, [], DEFAULT_WORKSHOP_GOAL).noNlb; // 1
 * ```
 */
export function accountStageCounts(
  workshop: Pick<Workshop, "accounts">,
  states: readonly NlbState[],
  goal: WorkshopGoal,
): StageCounts {
  const counts = emptyStageCounts();
  for (const participant of accountParticipants(workshop, states)) {
    counts[participantStage(participant.states, goal).stage] += 1;
  }
  return counts;
}
