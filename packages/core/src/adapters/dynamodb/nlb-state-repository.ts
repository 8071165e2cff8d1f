import type { NlbState } from "../../model/state.ts";
import {
  ConcurrentUpdateError,
  type NlbStatePageOptions,
  type NlbUpdate,
  type StorePage,
  type VersionedNlbState,
} from "../../ports/index.ts";
import { withAccountFilter } from "./account-filter.ts";
import { assertPageLimit, decodeCursor, encodeCursor, TABLE_CURSOR_ATTRIBUTES } from "./cursor.ts";
import type { CancellationHandler, ConditionalPut, DynamoTable } from "./dynamo-table.ts";
import { fromItem, type Item } from "./item-codec.ts";
import { assertKeyPart, NLB_SK_PREFIX, nlbSkPrefix, workshopPk } from "./keys.ts";
import { type NlbUpdatePlan, planNlbUpdate, subjectOf, versionConflict } from "./nlb-update-plan.ts";
import { PARTITION_KEY, SORT_KEY } from "./table-definition.ts";
import { interpretCancellation } from "./transaction-cancellation.ts";

/** Overflow transitions (beyond one transaction) are put this many at a time. */
const OVERFLOW_PUT_CONCURRENCY = 25;

/**
 * Each workshop's NLB states (targets inside), versioned for optimistic locking, and the one
 * write that moves an NLB on: its new state together with its transitions.
 */
export class NlbStateRepository {
  readonly #table: DynamoTable;
  readonly #now: () => number;

  /** @param now stamps `updatedAt` on written states (epoch ms). */
  constructor(table: DynamoTable, now: () => number) {
    this.#table = table;
    this.#now = now;
  }

  /**
   * Every NLB state of a workshop by ARN: one Query (more only past 1 MB). Strongly consistent by
   * default, so the collector diffs against the latest version and rarely loses a race it could
   * have avoided; readers that only show the states (the API's stats) read eventually consistent.
   */
  async loadAll(
    workshopId: string,
    options: { consistentRead?: boolean; signal?: AbortSignal } = {},
  ): Promise<Map<string, VersionedNlbState>> {
    assertKeyPart(workshopId, "Workshop id");
    const items = await this.#table.queryAll(
      { ...nlbQuery(workshopId, NLB_SK_PREFIX), ConsistentRead: options.consistentRead ?? true },
      options.signal,
    );
    const states = new Map<string, VersionedNlbState>();
    for (const item of items) {
      const stored = versioned(item);
      states.set(stored.state.arn, stored);
    }
    return states;
  }

  /**
   * Every stored NLB of this name in this region, with its targets: one Query on their key
   * prefix (the key ends with the ARN's id, see docs/data-model.md). Several at once when
   * participant accounts each have an NLB of the name (the controller's names repeat across
   * accounts), or while a re-created NLB overlaps with the old one.
   */
  async named(workshopId: string, region: string, name: string): Promise<VersionedNlbState[]> {
    assertKeyPart(workshopId, "Workshop id");
    assertKeyPart(region, "Region");
    assertKeyPart(name, "Load balancer name");
    const items = await this.#table.queryAll(nlbQuery(workshopId, nlbSkPrefix(region, name)));
    return items.map(versioned);
  }

  /** One page of a workshop's NLB states, in key order (region, then name): one Query. */
  async page(workshopId: string, options: NlbStatePageOptions): Promise<StorePage<NlbState>> {
    assertKeyPart(workshopId, "Workshop id");
    assertPageLimit(options.limit);
    const query = withAccountFilter(nlbQuery(workshopId, NLB_SK_PREFIX), "arn", options.accountId);
    const expected = { [PARTITION_KEY]: workshopPk(workshopId) };
    const page = await this.#table.queryPage({
      ...query,
      Limit: options.limit,
      ...(options.exclusiveStartKey === undefined
        ? {}
        : { ExclusiveStartKey: decodeCursor(options.exclusiveStartKey, TABLE_CURSOR_ATTRIBUTES, expected) }),
    });
    const items = page.items.map((item) => fromItem<NlbState>(item));
    return page.lastEvaluatedKey
      ? { items, lastEvaluatedKey: encodeCursor(page.lastEvaluatedKey) }
      : { items };
  }

  /**
   * One TransactWriteItems per NLB: the state item (Put, or Delete when the NLB is gone) guarded
   * by its version, plus one conditional Put per transition under a key derived from the
   * transition's content. The version check protects everything: if another sweep (or an
   * earlier attempt of this very update) got there first, the version moved, the transaction
   * writes nothing, and {@link ConcurrentUpdateError} tells the caller to re-read and re-diff,
   * which yields no duplicate transitions because the stored state already includes them.
   *
   * An update with more transitions than fit in one transaction writes the overflow first, with
   * idempotent conditional Puts (see docs/data-model.md for the trade-off).
   */
  async applyUpdate(update: NlbUpdate, retentionDays: number, signal?: AbortSignal): Promise<void> {
    // Date.now, not the injected clock: TTL is real time even when the collector runs on a simulated one.
    const plan = planNlbUpdate(update, retentionDays, this.#now(), Date.now());
    if (!plan) return;
    if (plan.overflow.length > 0) {
      // Overflow puts are not covered by the transaction: check the version first, so a stale or
      // repeated update writes nothing at all rather than transitions its transaction then refuses.
      await this.#assertVersion(update, plan, signal);
      await this.#putAllIfAbsent(plan.overflow, signal);
    }
    await this.#table.transactWrite(plan.transaction, onCancelled(update, plan), signal);
  }

  async #assertVersion(update: NlbUpdate, plan: NlbUpdatePlan, signal?: AbortSignal): Promise<void> {
    if (!plan.guard) return;
    const item = await this.#table.get(
      {
        Key: plan.guard.key,
        ProjectionExpression: "#version",
        ExpressionAttributeNames: { "#version": "version" },
        ConsistentRead: true,
      },
      signal,
    );
    const conflict = versionConflict(item?.version as number | undefined, plan.guard.expectedVersion);
    if (conflict) throw new ConcurrentUpdateError(`${subjectOf(update)}: ${conflict}`);
  }

  async #putAllIfAbsent(puts: ConditionalPut[], signal?: AbortSignal): Promise<void> {
    for (let start = 0; start < puts.length; start += OVERFLOW_PUT_CONCURRENCY) {
      await Promise.all(
        puts.slice(start, start + OVERFLOW_PUT_CONCURRENCY).map(async (put) => {
          try {
            await this.#table.put(put, signal);
          } catch (error) {
            // Already stored by an earlier attempt: the key is derived from the content, so it is the same transition.
            if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
          }
        }),
      );
    }
  }
}

/** Turns the cancellation rules' verdict into what the table does next. */
function onCancelled(update: NlbUpdate, plan: NlbUpdatePlan): CancellationHandler {
  return (codes, attempt, error) => {
    const verdict = interpretCancellation({
      codes,
      hasStateAction: plan.guard !== undefined,
      expectedVersion: plan.guard?.expectedVersion,
      attempt,
    });
    switch (verdict.kind) {
      case "concurrentUpdate":
        throw new ConcurrentUpdateError(`${subjectOf(update)}: ${verdict.reason}`);
      case "fatal":
        throw error;
      case "alreadyStored":
        return { drop: verdict.actions, backOff: false };
      case "transient":
        return { drop: verdict.alreadyStored, backOff: true };
    }
  };
}

function nlbQuery(workshopId: string, skPrefix: string) {
  return {
    KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
    ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#sk": SORT_KEY },
    ExpressionAttributeValues: { ":pk": workshopPk(workshopId), ":prefix": skPrefix },
  };
}

function versioned(item: Item): VersionedNlbState {
  return { state: fromItem<NlbState>(item), version: item.version as number };
}
