import type { Transition } from "../../model/transition.ts";
import type { NlbUpdate } from "../../ports/index.ts";
import type { ConditionalPut, TableAction, WriteCondition } from "./dynamo-table.ts";
import { transitionExpiresAt } from "./expiry.ts";
import { type Item, toItem } from "./item-codec.ts";
import {
  assertKeyPart,
  ENTITY,
  nlbSk,
  nlbTransitionsGsiPk,
  transitionId,
  transitionSk,
  transitionsPk,
  workshopPk,
} from "./keys.ts";
import {
  GSI1_PARTITION_KEY,
  GSI1_SORT_KEY,
  PARTITION_KEY,
  SORT_KEY,
  TTL_ATTRIBUTE,
} from "./table-definition.ts";

/** TransactWriteItems accepts at most 100 actions. */
export const MAX_TRANSACTION_ACTIONS = 100;

/**
 * The writes of one {@link NlbUpdate}, as plain data. The NLB item's version protects them all:
 * see docs/data-model.md, "Optimistic locking".
 */
export interface NlbUpdatePlan {
  /**
   * The NLB item's key and the version it must still have (`undefined`: absent). Absent for an
   * update of transitions only, which has nothing to version.
   */
  guard?: { key: Item; expectedVersion: number | undefined };
  /** One TransactWriteItems: the guarded state action first (if any), then transition puts. */
  transaction: TableAction[];
  /** Transitions beyond one transaction: put if absent, after a version check and before the transaction. */
  overflow: ConditionalPut[];
}

/**
 * Plans an update: the NLB item's Put (version + 1) or Delete guarded by its stored version, one
 * put-if-absent per distinct transition, and the overflow beyond {@link MAX_TRANSACTION_ACTIONS}.
 * Every item is built (and size-checked) here, before anything is written.
 *
 * @param now stamps `updatedAt` on the NLB item (epoch ms, the collector's clock).
 * @param writtenAt the wall clock at the write: DynamoDB expires items by real time, so no
 *   transition is written with a TTL already in the past (see expiry.ts).
 * @returns `undefined` when there is nothing to write.
 * @throws RangeError for a malformed update; ItemTooLargeError for an item near DynamoDB's limit.
 */
export function planNlbUpdate(
  update: NlbUpdate,
  retentionDays: number,
  now: number,
  writtenAt: number,
): NlbUpdatePlan | undefined {
  const { workshopId, previous, next, transitions } = update;
  assertKeyPart(workshopId, "Workshop id");
  if (previous === undefined && next === undefined && transitions.length === 0) return undefined;
  if (!Number.isFinite(retentionDays) || retentionDays <= 0) {
    throw new RangeError(`retentionDays must be a positive number, got ${retentionDays}`);
  }
  if (previous && next && previous.state.arn !== next.arn) {
    throw new RangeError(`An update covers one NLB: previous ${previous.state.arn} ≠ next ${next.arn}`);
  }
  const state = stateAction(update, now);
  const puts = uniqueBySortKey(
    transitions.map((t) => transitionItem(workshopId, t, retentionDays, writtenAt)),
  ).map(putIfAbsent);
  const room = MAX_TRANSACTION_ACTIONS - (state ? 1 : 0);
  return {
    ...(state ? { guard: state.guard } : {}),
    transaction: [...(state ? [state.action] : []), ...puts.slice(0, room).map((Put) => ({ Put }))],
    overflow: puts.slice(room),
  };
}

/**
 * Why a stored version found by a check before the overflow puts refuses the update, or
 * `undefined` when it is the expected one.
 */
export function versionConflict(
  stored: number | undefined,
  expected: number | undefined,
): string | undefined {
  return stored === expected
    ? undefined
    : `stored version is ${stored ?? "absent"}, not ${expected ?? "absent"}`;
}

/** Names the update's NLB in errors. */
export function subjectOf(update: NlbUpdate): string {
  const arn = update.next?.arn ?? update.previous?.state.arn ?? "(transitions only)";
  return `NLB ${arn} of workshop ${update.workshopId}`;
}

/** The item of one transition under its content-derived key, expiring `retentionDays` after it happened (or was written, if later). */
export function transitionItem(
  workshopId: string,
  transition: Transition,
  retentionDays: number,
  writtenAt: number,
): Item {
  const id = transitionId(workshopId, transition);
  const sk = transitionSk(transition, id);
  return toItem(
    transition,
    {
      [PARTITION_KEY]: transitionsPk(workshopId),
      [SORT_KEY]: sk,
      [GSI1_PARTITION_KEY]: nlbTransitionsGsiPk(workshopId, transition.loadBalancerName),
      [GSI1_SORT_KEY]: sk,
      [TTL_ATTRIBUTE]: transitionExpiresAt(transition.at, retentionDays, writtenAt),
      entity: ENTITY.transition,
      transitionId: id,
    },
    `transition ${id}`,
  );
}

function stateAction(
  update: NlbUpdate,
  now: number,
): { action: TableAction; guard: NonNullable<NlbUpdatePlan["guard"]> } | undefined {
  const { workshopId, previous, next } = update;
  const current = next ?? previous?.state;
  if (!current) return undefined;
  const key = {
    [PARTITION_KEY]: workshopPk(workshopId),
    [SORT_KEY]: nlbSk(current.region, current.name, current.arn),
  };
  const guard = { key, expectedVersion: previous?.version };
  const condition: WriteCondition = previous
    ? {
        ConditionExpression: "#version = :expected",
        ExpressionAttributeNames: { "#version": "version" },
        ExpressionAttributeValues: { ":expected": previous.version },
      }
    : {
        ConditionExpression: "attribute_not_exists(#pk)",
        ExpressionAttributeNames: { "#pk": PARTITION_KEY },
      };
  if (!next) return { action: { Delete: { Key: key, ...condition } }, guard };
  const item = toItem(
    next,
    { ...key, entity: ENTITY.nlb, version: (previous?.version ?? 0) + 1, updatedAt: now },
    `state of NLB ${next.arn} in workshop ${workshopId}`,
  );
  return { action: { Put: { Item: item, ...condition } }, guard };
}

function putIfAbsent(item: Item): ConditionalPut {
  return {
    Item: item,
    ConditionExpression: "attribute_not_exists(#pk)",
    ExpressionAttributeNames: { "#pk": PARTITION_KEY },
  };
}

/** A transaction may touch an item once; two identical transitions in one update are one item. */
function uniqueBySortKey(items: Item[]): Item[] {
  return [...new Map(items.map((item) => [item[SORT_KEY] as string, item])).values()];
}
