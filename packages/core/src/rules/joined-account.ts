import type { Workshop, WorkshopAccount } from "../model/workshop.ts";
import { hasAccount, withAccount } from "./workshop-config.ts";

/** A workshop with a participant's proven account in it, that account, and whether it is new. */
export interface JoinOutcome {
  workshop: Workshop;
  account: WorkshopAccount;
  created: boolean;
}

/**
 * Adds the account a participant proved, as any account is added ({@link withAccount}: appended,
 * or relabelled in place when a label is given), and dates its first join: joining again keeps
 * the first `joinedAt`; an account the facilitators named gets one.
 *
 * @throws AccountLimitError when a new account would pass the workshop's limit
 */
export function withJoinedAccount(
  workshop: Workshop,
  joined: { accountId: string; label?: string },
  now: number,
): JoinOutcome {
  const created = !hasAccount(workshop, joined.accountId);
  const accounts = (withAccount(workshop, joined).accounts ?? []).map((a) =>
    a.accountId === joined.accountId && a.joinedAt === undefined ? { ...a, joinedAt: now } : a,
  );
  const account = accounts.find((a) => a.accountId === joined.accountId) as WorkshopAccount;
  return { workshop: { ...workshop, accounts }, account, created };
}
