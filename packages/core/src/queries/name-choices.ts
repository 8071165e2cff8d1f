import type { LabelOf } from "../rules/account-participants.ts";
import { compareLabels } from "../rules/labels.ts";
import { accountOfArn } from "../rules/timeline.ts";
import { AmbiguousNameError, type NameChoice } from "./query-errors.ts";

/** Choices the message names; all of them are in the error's `accounts`. */
const NAMED_IN_MESSAGE = 10;

/** What telling NLBs of one name apart needs: where each is, and when it was first seen. */
interface Named {
  arn: string;
  region: string;
  firstSeenAt: number;
}

/**
 * The NLB a name stands for among `found` (every stored NLB of that name): with `account`, that
 * account's; otherwise the only account's. Within an account the one first seen last wins (a
 * re-created NLB overlapping with its predecessor). `undefined` when there is none.
 *
 * @throws AmbiguousNameError when, without `account`, the name's NLBs are in several accounts.
 */
export function pickNamed<T extends Named>(
  found: readonly T[],
  name: string,
  options: { account?: string | undefined; labelOf: LabelOf },
): T | undefined {
  const latest = new Map<string, T>();
  for (const state of found) {
    const accountId = accountOfArn(state.arn);
    if (options.account !== undefined && accountId !== options.account) continue;
    const kept = latest.get(accountId);
    if (!kept || state.firstSeenAt > kept.firstSeenAt) latest.set(accountId, state);
  }
  if (latest.size > 1) {
    const choices = [...latest].map(([accountId, state]) => ({
      accountId,
      label: options.labelOf(accountId),
      region: state.region,
    }));
    throw ambiguous(`load balancers named "${name}"`, choices);
  }
  return latest.values().next().value;
}

/**
 * The accounts a page of transitions of one name is in, when there are several: the client
 * must pick one, as for the NLB itself.
 *
 * @throws AmbiguousNameError when the page holds transitions of NLBs in more than one account.
 */
export function assertOneAccount(
  transitions: readonly { loadBalancerArn: string; region: string }[],
  name: string,
  labelOf: LabelOf,
): void {
  const regions = new Map<string, string>();
  for (const t of transitions) {
    const accountId = accountOfArn(t.loadBalancerArn);
    if (!regions.has(accountId)) regions.set(accountId, t.region);
  }
  if (regions.size <= 1) return;
  const choices = [...regions].map(([accountId, region]) => ({
    accountId,
    label: labelOf(accountId),
    region,
  }));
  throw ambiguous(`transitions of load balancers named "${name}"`, choices);
}

/** The error naming every choice, in label order (then account id), unlabelled ones last. */
function ambiguous(what: string, choices: NameChoice[]): AmbiguousNameError {
  choices.sort(
    (a, b) =>
      (a.label === null ? 1 : 0) - (b.label === null ? 1 : 0) ||
      compareLabels(a.label ?? "", b.label ?? "") ||
      (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0),
  );
  const named = choices
    .slice(0, NAMED_IN_MESSAGE)
    .map((c) => (c.label ? `${c.accountId} "${c.label}"` : c.accountId));
  const more = choices.length - named.length;
  return new AmbiguousNameError(
    `${what} are in ${choices.length} accounts: add ?account=<accountId> (${named.join(", ")}${
      more > 0 ? `, and ${more} more in "accounts"` : ""
    })`,
    choices,
  );
}
