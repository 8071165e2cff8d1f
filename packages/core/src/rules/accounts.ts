import { type AccountStatus, MAX_ACCOUNT_MESSAGE_LENGTH } from "../model/scope.ts";

/** What reading one account in one region came to in a sweep. */
export type AccountReadOutcome =
  | { kind: "ok" }
  /** STS refused AssumeRole (AccessDenied). */
  | { kind: "roleNotAssumable"; message: string }
  | { kind: "error"; message: string };

export interface AccountStatusInput {
  /** The workshop's accounts, in its order. */
  accountIds: readonly string[];
  /** The statuses the previous sweep left. */
  previous?: Readonly<Record<string, AccountStatus>>;
  /** Account → one outcome per region read this sweep; an account not read (out of time) is absent. */
  outcomes: ReadonlyMap<string, readonly AccountReadOutcome[]>;
  /** Account → its NLBs in the workshop now. */
  loadBalancers: ReadonlyMap<string, number>;
  /** When this sweep read the accounts (epoch ms). */
  at: number;
}

const CAUSES =
  "AssumeRole is refused when the role does not exist in the account, when its trust policy does not name targetwatch's collector role, or when it requires another external id than the workshop's";

/**
 * Each account's status after a sweep: `roleNotAssumable` if AssumeRole was refused in any
 * region, else `error` if any read failed, else `ok` once read in every region; an account this
 * sweep did not get to keeps its previous status (`pending` before its first sweep).
 */
export function accountStatuses(input: AccountStatusInput): Record<string, AccountStatus> {
  const out: Record<string, AccountStatus> = {};
  for (const accountId of input.accountIds) {
    const before = input.previous?.[accountId];
    const loadBalancers = input.loadBalancers.get(accountId) ?? 0;
    const lastSweptAt = before?.lastSweptAt;
    const kept = lastSweptAt !== undefined ? { lastSweptAt } : {};
    const outcomes = input.outcomes.get(accountId) ?? [];
    const refused = outcomes.find((o) => o.kind === "roleNotAssumable");
    const failed = outcomes.find((o) => o.kind === "error");
    if (refused) {
      out[accountId] = { status: "roleNotAssumable", message: cut(refused.message), ...kept, loadBalancers };
    } else if (failed) {
      out[accountId] = { status: "error", message: cut(failed.message), ...kept, loadBalancers };
    } else if (outcomes.length > 0) {
      out[accountId] = { status: "ok", lastSweptAt: input.at, loadBalancers };
    } else {
      out[accountId] = before ? { ...before, loadBalancers } : { status: "pending", loadBalancers };
    }
  }
  return out;
}

function cut(message: string): string {
  return message.length <= MAX_ACCOUNT_MESSAGE_LENGTH
    ? message
    : `${message.slice(0, MAX_ACCOUNT_MESSAGE_LENGTH - 1)}…`;
}

/**
 * Which cause of an AccessDenied is likely: a role that never worked was most likely never
 * created (or under another name); one that worked until now was most likely changed under it.
 */
export function roleHint(roleName: string, lastSweptAt: number | undefined): string {
  const likely =
    lastSweptAt === undefined
      ? `The role has never been assumable: most likely the participant template is not deployed in this account yet, or it created the role under another name than ${roleName}.`
      : `The role was assumable until ${new Date(lastSweptAt).toISOString()}: most likely the workshop's external id was rotated since the template was deployed, or the role was deleted.`;
  return `${likely} ${CAUSES}.`;
}
