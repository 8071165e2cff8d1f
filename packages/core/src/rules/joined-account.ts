import { MAX_WORKSHOP_ACCOUNTS } from "../model/constants.ts";
import type { Workshop, WorkshopAccount } from "../model/workshop.ts";

/** A workshop with a participant's proven account added, or its label updated if already there. */
export type JoinOutcome =
  | { kind: "joined"; workshop: Workshop; account: WorkshopAccount; created: boolean }
  | { kind: "full" };

/**
 * Adds the account a participant proved, idempotently: joining again updates the label (when
 * one is given) and keeps the account's place and its first `joinedAt`; an account the
 * facilitators named gets its `joinedAt`. A new account beyond {@link MAX_WORKSHOP_ACCOUNTS} is
 * refused.
 */
export function withJoinedAccount(
  workshop: Workshop,
  joined: { accountId: string; label?: string },
  now: number,
): JoinOutcome {
  const accounts = workshop.accounts ?? [];
  const index = accounts.findIndex((a) => a.accountId === joined.accountId);
  const before = accounts[index];
  if (!before && accounts.length >= MAX_WORKSHOP_ACCOUNTS) return { kind: "full" };
  const label = joined.label ?? before?.label;
  const account: WorkshopAccount = {
    accountId: joined.accountId,
    ...(label !== undefined ? { label } : {}),
    joinedAt: before?.joinedAt ?? now,
  };
  const next = before ? accounts.map((a, i) => (i === index ? account : a)) : [...accounts, account];
  return { kind: "joined", workshop: { ...workshop, accounts: next }, account, created: !before };
}
