import { MAX_WORKSHOP_ACCOUNTS } from "../model/constants.ts";
import type { Workshop, WorkshopAccount, WorkshopSelector } from "../model/workshop.ts";

/**
 * What a facilitator's `PUT /workshops/{id}` sets. The rest of a workshop is targetwatch's own
 * (its `externalId`, its join code, …) and survives every PUT.
 */
export interface WorkshopConfigInput {
  id: string;
  name: string;
  selector: WorkshopSelector;
  stuckThresholdSeconds: number;
  retentionDays: number;
  /** Absent: the default role name. */
  roleName?: string;
  /** Accounts to add (or relabel); absent or empty: the accounts stay as they are. */
  accounts?: { accountId: string; label?: string }[];
}

/** Adding accounts would take the workshop past {@link MAX_WORKSHOP_ACCOUNTS}: nothing was changed. */
export class AccountLimitError extends Error {
  constructor(workshopId: string, wouldHave: number) {
    super(
      `workshop "${workshopId}" would have ${wouldHave} accounts, over the limit of ${MAX_WORKSHOP_ACCOUNTS}; ` +
        "remove some with DELETE /workshops/{id}/accounts/{accountId} first",
    );
    this.name = "AccountLimitError";
  }
}

/** A workshop's role name is not one the collector may assume: nothing was changed. */
export class RoleNotAllowedError extends Error {
  readonly allowed: readonly string[];

  constructor(roleName: string, allowed: readonly string[]) {
    super(
      `roleName "${roleName}" is not one the collector may assume; this deployment allows ${allowed.map((n) => `"${n}"`).join(", ")}`,
    );
    this.name = "RoleNotAllowedError";
    this.allowed = allowed;
  }
}

/**
 * Refuses a role name the collector's IAM does not let it assume (its `sts:AssumeRole` names
 * exactly the deployment's role names): every account of such a workshop would fail.
 *
 * @param allowed the deployment's role names; undefined: any (a local stack)
 * @throws RoleNotAllowedError
 */
export function checkRoleName(roleName: string, allowed: readonly string[] | undefined): void {
  if (allowed && !allowed.includes(roleName)) throw new RoleNotAllowedError(roleName, allowed);
}

/** A new workshop from a PUT, with the `externalId` targetwatch generated for it. */
export function newWorkshop(input: WorkshopConfigInput, externalId: string): Workshop {
  return configOf(input, [], externalId);
}

/**
 * A PUT on an existing workshop: the facilitator's settings replace the stored ones; the
 * accounts are a set that PUTs, `PUT …/accounts/{accountId}` and joins only add to (or relabel)
 * and only `DELETE …/accounts/{accountId}` removes from, so a PUT racing a participant's join
 * never drops the participant. targetwatch's own fields (externalId, join code) are kept; a
 * workshop stored before external ids existed gets `externalId`.
 *
 * @throws AccountLimitError when the accounts would pass {@link MAX_WORKSHOP_ACCOUNTS}
 */
export function replaceConfig(current: Workshop, input: WorkshopConfigInput, externalId: string): Workshop {
  const { roleName: _role, accounts: _accounts, ...kept } = current;
  return { ...kept, ...configOf(input, current.accounts ?? [], current.externalId ?? externalId) };
}

function configOf(input: WorkshopConfigInput, stored: WorkshopAccount[], externalId: string): Workshop {
  const accounts = withAccounts(input.id, stored, input.accounts ?? []);
  return {
    id: input.id,
    name: input.name,
    selector: input.selector,
    stuckThresholdSeconds: input.stuckThresholdSeconds,
    retentionDays: input.retentionDays,
    ...(input.roleName === undefined ? {} : { roleName: input.roleName }),
    ...(accounts.length > 0 ? { accounts } : {}),
    externalId,
  };
}

/**
 * The workshop with `account` in it: appended if new, its label replaced if one is given, as it
 * was otherwise (then the very same object is returned: nothing to write).
 *
 * @throws AccountLimitError when a new account would pass {@link MAX_WORKSHOP_ACCOUNTS}
 */
export function withAccount(current: Workshop, account: { accountId: string; label?: string }): Workshop {
  const accounts = withAccounts(current.id, current.accounts ?? [], [account]);
  return sameAccounts(current.accounts ?? [], accounts) ? current : { ...current, accounts };
}

/** The workshop without `accountId` (the very same object when it was not in it). */
export function withoutAccount(current: Workshop, accountId: string): Workshop {
  const accounts = current.accounts ?? [];
  if (!accounts.some((a) => a.accountId === accountId)) return current;
  const { accounts: _accounts, ...rest } = current;
  const remaining = accounts.filter((a) => a.accountId !== accountId);
  return remaining.length > 0 ? { ...rest, accounts: remaining } : rest;
}

/** Whether `accountId` is one of the workshop's participant accounts. */
export function hasAccount(workshop: Workshop, accountId: string): boolean {
  return (workshop.accounts ?? []).some((a) => a.accountId === accountId);
}

/** The stored accounts in their order, `added` relabelled in place or appended in theirs. */
function withAccounts(
  workshopId: string,
  stored: WorkshopAccount[],
  added: { accountId: string; label?: string }[],
): WorkshopAccount[] {
  const accounts = stored.map((a) => ({ ...a }));
  const index = new Map(accounts.map((a, i) => [a.accountId, i]));
  for (const { accountId, label } of added) {
    const at = index.get(accountId);
    const existing = at === undefined ? undefined : accounts[at];
    if (existing) {
      if (label !== undefined) existing.label = label;
    } else {
      index.set(accountId, accounts.length);
      accounts.push(label === undefined ? { accountId } : { accountId, label });
    }
  }
  // A workshop already past the limit (stored before it existed) may still be relabelled.
  if (accounts.length > MAX_WORKSHOP_ACCOUNTS && accounts.length > stored.length) {
    throw new AccountLimitError(workshopId, accounts.length);
  }
  return accounts;
}

function sameAccounts(a: WorkshopAccount[], b: WorkshopAccount[]): boolean {
  return (
    a.length === b.length && a.every((x, i) => x.accountId === b[i]?.accountId && x.label === b[i]?.label)
  );
}
