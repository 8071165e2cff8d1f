import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { NlbState } from "../../model/state.ts";
import type { Transition } from "../../model/transition.ts";
import type { Workshop } from "../../model/workshop.ts";
import {
  ConcurrentUpdateError,
  type NlbUpdate,
  type StoreStats,
  type SweepHeartbeat,
  type WorkshopStore,
} from "../../ports/index.ts";
import { InvalidCursorError, ItemTooLargeError } from "./errors.ts";
import { transitionExpiresAt } from "./expiry.ts";
import {
  assertKeyPart,
  ENTITY,
  heartbeatSk,
  isoTime,
  NLB_SK_PREFIX,
  nlbSk,
  nlbSkPrefix,
  nlbTransitionsGsiPk,
  transitionId,
  transitionSk,
  transitionsPk,
  WORKSHOPS_PK,
  workshopConfigSk,
  workshopPk,
} from "./keys.ts";
import {
  GSI1_NAME,
  GSI1_PARTITION_KEY,
  GSI1_SORT_KEY,
  PARTITION_KEY,
  SORT_KEY,
  TTL_ATTRIBUTE,
} from "./table-definition.ts";

/** DynamoDB's limit is 400 KB; stay well clear of it (and of the size estimate's slack). */
export const MAX_ITEM_BYTES = 350_000;
/** TransactWriteItems accepts at most 100 actions. */
export const MAX_TRANSACTION_ACTIONS = 100;
/** Overflow transitions (beyond one transaction) are put this many at a time. */
const OVERFLOW_PUT_CONCURRENCY = 25;
/** Attempts of one transaction when DynamoDB cancels it for a conflict or throttling (not for a failed condition). */
const MAX_TRANSACTION_ATTEMPTS = 4;
const MAX_PAGE_LIMIT = 1000;

/**
 * Attributes the store adds to items; stripped again when items are read back into the model.
 * Written after the model's fields, so a model field of the same name could never move a key.
 */
const META_ATTRIBUTES = new Set<string>([
  PARTITION_KEY,
  SORT_KEY,
  GSI1_PARTITION_KEY,
  GSI1_SORT_KEY,
  TTL_ATTRIBUTE,
  "entity",
  "version",
  "updatedAt",
  "transitionId",
]);

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];
type Cursor = Record<string, string>;

export interface DynamoWorkshopStoreOptions {
  /**
   * Injected so tests and the local stack point it at DynamoDB Local. Any marshalling options
   * work: the store drops `undefined` values itself and writes only plain data.
   */
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Stamps `updatedAt` on written items (epoch ms); `Date.now` by default. */
  now?: () => number;
}

/** {@link StoreStats} plus the capacity DynamoDB reported, for benchmarks. */
export interface DynamoStoreStats extends StoreStats {
  /** Write capacity units reported by successful write requests (a transactional write costs 2 per KB per item). */
  writeCapacityUnits: number;
  readCapacityUnits: number;
}

export interface TransitionPageOptions {
  /** Only this NLB's transitions (all its incarnations under this name), through the GSI. */
  loadBalancerName?: string;
  /** Only this region (a filter: a page may hold fewer than `limit` items and still have a next page). */
  region?: string;
  /** 1–1000 items per page. */
  limit: number;
  /** `lastEvaluatedKey` of the previous page of the same query. */
  exclusiveStartKey?: string;
  /** Only transitions with `at` ≥ `since` (epoch ms). */
  since?: number;
  /** Only transitions with `at` ≤ `until` (epoch ms). */
  until?: number;
}

export interface TransitionPage {
  /** Newest first. */
  items: Transition[];
  /** Opaque cursor: present when there may be more; pass it back as `exclusiveStartKey`. */
  lastEvaluatedKey?: string;
}

/** A workshop's row in a listing: the config and the latest sweep; either can be missing (the implicit `default` workshop has no config). */
export interface WorkshopSummary {
  workshopId: string;
  workshop?: Workshop;
  heartbeat?: SweepHeartbeat;
}

/**
 * {@link WorkshopStore} on one DynamoDB table (single-table design, described in `README.md`).
 * Every read is a GetItem or a Query on a key; nothing scans.
 *
 * @example
 * ```ts
 * const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
 * const store = new DynamoWorkshopStore({ client, tableName: Resource.Table.name });
 * const states = await store.loadNlbStates("reinvent-2025");
 * ```
 */
export class DynamoWorkshopStore implements WorkshopStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #now: () => number;
  readonly #stats: DynamoStoreStats = {
    writeRequests: 0,
    readRequests: 0,
    writeCapacityUnits: 0,
    readCapacityUnits: 0,
  };

  constructor(options: DynamoWorkshopStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#now = options.now ?? Date.now;
  }

  async listWorkshops(): Promise<Workshop[]> {
    const summaries = await this.listWorkshopSummaries();
    return summaries.flatMap((summary) => (summary.workshop ? [summary.workshop] : []));
  }

  /** Every workshop config with its latest sweep heartbeat: one Query (more only past 1 MB). */
  async listWorkshopSummaries(): Promise<WorkshopSummary[]> {
    const items = await this.#queryAll({
      KeyConditionExpression: "#pk = :pk",
      ExpressionAttributeNames: { "#pk": PARTITION_KEY },
      ExpressionAttributeValues: { ":pk": WORKSHOPS_PK },
    });
    const byId = new Map<string, WorkshopSummary>();
    for (const item of items) {
      if (item.entity === ENTITY.workshop) {
        const workshop = fromItem<Workshop>(item);
        const summary = byId.get(workshop.id) ?? { workshopId: workshop.id };
        byId.set(workshop.id, { ...summary, workshop });
      } else if (item.entity === ENTITY.heartbeat) {
        const heartbeat = fromItem<SweepHeartbeat>(item);
        const summary = byId.get(heartbeat.workshopId) ?? { workshopId: heartbeat.workshopId };
        byId.set(heartbeat.workshopId, { ...summary, heartbeat });
      }
    }
    return [...byId.values()];
  }

  /** A workshop's config and latest heartbeat: one BatchGetItem. */
  async getWorkshop(workshopId: string): Promise<WorkshopSummary> {
    assertKeyPart(workshopId, "Workshop id");
    const keys = [workshopConfigSk(workshopId), heartbeatSk(workshopId)].map((sk) => ({
      [PARTITION_KEY]: WORKSHOPS_PK,
      [SORT_KEY]: sk,
    }));
    let summary: WorkshopSummary = { workshopId };
    let pending: Record<string, unknown>[] = keys;
    // BatchGetItem may hand back unprocessed keys under load; ask again for just those.
    for (let attempt = 0; pending.length > 0 && attempt < 5; attempt++) {
      const command = new BatchGetCommand({
        RequestItems: { [this.#tableName]: { Keys: pending } },
        ...TOTAL,
      });
      const output = await this.#read(() => this.#client.send(command));
      for (const item of output.Responses?.[this.#tableName] ?? []) {
        if (item.entity === ENTITY.workshop) summary = { ...summary, workshop: fromItem<Workshop>(item) };
        if (item.entity === ENTITY.heartbeat)
          summary = { ...summary, heartbeat: fromItem<SweepHeartbeat>(item) };
      }
      pending = (output.UnprocessedKeys?.[this.#tableName]?.Keys ?? []) as Record<string, unknown>[];
      if (pending.length > 0) await sleep(20 * 2 ** attempt);
    }
    return summary;
  }

  /** One page of a workshop's NLB states, in key order (region, then name): one Query. */
  async listNlbStatesPage(
    workshopId: string,
    options: { limit: number; exclusiveStartKey?: string },
  ): Promise<{ items: NlbState[]; lastEvaluatedKey?: string }> {
    assertKeyPart(workshopId, "Workshop id");
    if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > MAX_PAGE_LIMIT) {
      throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE_LIMIT}, got ${options.limit}`);
    }
    const pk = workshopPk(workshopId);
    const output = await this.#read(() =>
      this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
          ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#sk": SORT_KEY },
          ExpressionAttributeValues: { ":pk": pk, ":prefix": NLB_SK_PREFIX },
          Limit: options.limit,
          ...(options.exclusiveStartKey === undefined
            ? {}
            : { ExclusiveStartKey: decodeCursor(options.exclusiveStartKey, { [PARTITION_KEY]: pk }, false) }),
          ...TOTAL,
        }),
      ),
    );
    const items = (output.Items ?? []).map((item) => fromItem<NlbState>(item));
    return output.LastEvaluatedKey
      ? { items, lastEvaluatedKey: encodeCursor(output.LastEvaluatedKey as Cursor) }
      : { items };
  }

  async putWorkshop(workshop: Workshop): Promise<void> {
    assertKeyPart(workshop.id, "Workshop id");
    const item = this.#withinSize(
      {
        ...workshop,
        [PARTITION_KEY]: WORKSHOPS_PK,
        [SORT_KEY]: workshopConfigSk(workshop.id),
        entity: ENTITY.workshop,
        updatedAt: this.#now(),
      },
      `workshop ${workshop.id}`,
    );
    await this.#write(() =>
      this.#client.send(new PutCommand({ TableName: this.#tableName, Item: item, ...TOTAL })),
    );
  }

  /**
   * Deletes the workshop's config only: the collector stops sweeping it. Its transitions expire
   * through TTL; its NLB states and last heartbeat stay (a few small items) and are picked up
   * again if a workshop with the same id is configured later.
   */
  async deleteWorkshop(workshopId: string): Promise<void> {
    assertKeyPart(workshopId, "Workshop id");
    await this.#write(() =>
      this.#client.send(
        new DeleteCommand({
          TableName: this.#tableName,
          Key: { [PARTITION_KEY]: WORKSHOPS_PK, [SORT_KEY]: workshopConfigSk(workshopId) },
          ...TOTAL,
        }),
      ),
    );
  }

  /** Strongly consistent, so the collector diffs against the latest version and rarely loses a race it could have avoided. */
  async loadNlbStates(workshopId: string): Promise<Map<string, { state: NlbState; version: number }>> {
    assertKeyPart(workshopId, "Workshop id");
    const items = await this.#queryAll({
      KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
      ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#sk": SORT_KEY },
      ExpressionAttributeValues: { ":pk": workshopPk(workshopId), ":prefix": NLB_SK_PREFIX },
      ConsistentRead: true,
    });
    const states = new Map<string, { state: NlbState; version: number }>();
    for (const item of items) {
      const state = fromItem<NlbState>(item);
      states.set(state.arn, { state, version: item.version as number });
    }
    return states;
  }

  /**
   * One NLB of a workshop with its targets: one Query on its key prefix (the key ends with the
   * ARN's id, see `README.md`). While a re-created NLB of the same name overlaps with the old one,
   * the one first seen last wins.
   */
  async getNlbState(
    workshopId: string,
    region: string,
    name: string,
  ): Promise<{ state: NlbState; version: number } | undefined> {
    assertKeyPart(workshopId, "Workshop id");
    assertKeyPart(region, "Region");
    assertKeyPart(name, "Load balancer name");
    const items = await this.#queryAll({
      KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
      ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#sk": SORT_KEY },
      ExpressionAttributeValues: { ":pk": workshopPk(workshopId), ":prefix": nlbSkPrefix(region, name) },
    });
    let latest: { state: NlbState; version: number } | undefined;
    for (const item of items) {
      const state = fromItem<NlbState>(item);
      if (!latest || state.firstSeenAt > latest.state.firstSeenAt) {
        latest = { state, version: item.version as number };
      }
    }
    return latest;
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
   * idempotent conditional Puts (see `README.md` for the trade-off).
   */
  async applyUpdate(update: NlbUpdate, retentionDays: number): Promise<void> {
    const { workshopId, previous, next, transitions } = update;
    assertKeyPart(workshopId, "Workshop id");
    if (previous === undefined && next === undefined && transitions.length === 0) return;
    if (!Number.isFinite(retentionDays) || retentionDays <= 0) {
      throw new RangeError(`retentionDays must be a positive number, got ${retentionDays}`);
    }
    if (previous && next && previous.state.arn !== next.arn) {
      throw new RangeError(`An update covers one NLB: previous ${previous.state.arn} ≠ next ${next.arn}`);
    }

    const stateAction = this.#stateAction(update);
    const transitionItems = uniqueBySortKey(
      transitions.map((t) => this.#transitionItem(workshopId, t, retentionDays)),
    );
    const room = MAX_TRANSACTION_ACTIONS - (stateAction ? 1 : 0);
    const overflow = transitionItems.slice(room);
    if (overflow.length > 0) {
      // Overflow puts are not covered by the transaction: check the version first, so a stale or
      // repeated update writes nothing at all rather than transitions its transaction then refuses.
      await this.#assertVersion(update);
      await this.#putAllIfAbsent(overflow);
    }
    await this.#transact(stateAction, transitionItems.slice(0, room), update);
  }

  async listTransitions(
    workshopId: string,
    options: { loadBalancerName?: string; limit?: number } = {},
  ): Promise<Transition[]> {
    const wanted = options.limit ?? Number.POSITIVE_INFINITY;
    const items: Transition[] = [];
    let cursor: string | undefined;
    while (items.length < wanted) {
      const page = await this.listTransitionsPage(workshopId, {
        ...(options.loadBalancerName === undefined ? {} : { loadBalancerName: options.loadBalancerName }),
        limit: Math.min(wanted - items.length, MAX_PAGE_LIMIT),
        ...(cursor === undefined ? {} : { exclusiveStartKey: cursor }),
      });
      items.push(...page.items);
      cursor = page.lastEvaluatedKey;
      if (cursor === undefined) break;
    }
    return items;
  }

  /** One page of transitions, newest first: one Query on the workshop's history (or the NLB's GSI partition). */
  async listTransitionsPage(workshopId: string, options: TransitionPageOptions): Promise<TransitionPage> {
    assertKeyPart(workshopId, "Workshop id");
    const { loadBalancerName, region, limit, since, until } = options;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
      throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE_LIMIT}, got ${limit}`);
    }
    if (since !== undefined && until !== undefined && since > until) return { items: [] };

    const byNlb = loadBalancerName !== undefined;
    if (byNlb) assertKeyPart(loadBalancerName, "Load balancer name");
    const pkName = byNlb ? GSI1_PARTITION_KEY : PARTITION_KEY;
    const pkValue = byNlb ? nlbTransitionsGsiPk(workshopId, loadBalancerName) : transitionsPk(workshopId);
    const names: Record<string, string> = { "#pk": pkName };
    const values: Record<string, unknown> = { ":pk": pkValue };
    let condition = "#pk = :pk";
    // Sort keys are `<ISO at>#<id>`: a bare ISO time sorts just before every key of that
    // millisecond, and `<ISO>#~` just after (`~` sorts after every hex digit).
    if (since !== undefined || until !== undefined) {
      names["#sk"] = byNlb ? GSI1_SORT_KEY : SORT_KEY;
      if (since !== undefined) values[":since"] = isoTime(since);
      if (until !== undefined) values[":until"] = `${isoTime(until)}#~`;
      condition +=
        since === undefined
          ? " AND #sk <= :until"
          : until === undefined
            ? " AND #sk >= :since"
            : " AND #sk BETWEEN :since AND :until";
    }
    let filter: string | undefined;
    if (region !== undefined) {
      names["#region"] = "region";
      values[":region"] = region;
      filter = "#region = :region";
    }
    const expected: Cursor = byNlb ? { [GSI1_PARTITION_KEY]: pkValue } : { [PARTITION_KEY]: pkValue };
    const output = await this.#read(() =>
      this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          ...(byNlb ? { IndexName: GSI1_NAME } : {}),
          KeyConditionExpression: condition,
          ...(filter ? { FilterExpression: filter } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: limit,
          ...(options.exclusiveStartKey === undefined
            ? {}
            : { ExclusiveStartKey: decodeCursor(options.exclusiveStartKey, expected, byNlb) }),
          ...TOTAL,
        }),
      ),
    );
    const items = (output.Items ?? []).map((item) => fromItem<Transition>(item));
    return output.LastEvaluatedKey
      ? { items, lastEvaluatedKey: encodeCursor(output.LastEvaluatedKey as Cursor) }
      : { items };
  }

  /** One PutItem: in a sweep that changed nothing, this is the workshop's only write. */
  async putHeartbeat(heartbeat: SweepHeartbeat): Promise<void> {
    assertKeyPart(heartbeat.workshopId, "Workshop id");
    const item = this.#withinSize(
      {
        ...heartbeat,
        [PARTITION_KEY]: WORKSHOPS_PK,
        [SORT_KEY]: heartbeatSk(heartbeat.workshopId),
        entity: ENTITY.heartbeat,
        updatedAt: this.#now(),
      },
      `heartbeat of workshop ${heartbeat.workshopId}`,
    );
    await this.#write(() =>
      this.#client.send(new PutCommand({ TableName: this.#tableName, Item: item, ...TOTAL })),
    );
  }

  async getHeartbeat(workshopId: string): Promise<SweepHeartbeat | undefined> {
    assertKeyPart(workshopId, "Workshop id");
    const output = await this.#read(() =>
      this.#client.send(
        new GetCommand({
          TableName: this.#tableName,
          Key: { [PARTITION_KEY]: WORKSHOPS_PK, [SORT_KEY]: heartbeatSk(workshopId) },
          ...TOTAL,
        }),
      ),
    );
    return output.Item ? fromItem<SweepHeartbeat>(output.Item) : undefined;
  }

  /** Requests sent since the store was created (each SDK attempt counts), and the capacity they reported. */
  stats(): DynamoStoreStats {
    return { ...this.#stats };
  }

  #stateAction(update: NlbUpdate): TransactItem | undefined {
    const { workshopId, previous, next } = update;
    const current = next ?? previous?.state;
    if (!current) return undefined;
    const key = {
      [PARTITION_KEY]: workshopPk(workshopId),
      [SORT_KEY]: nlbSk(current.region, current.name, current.arn),
    };
    const guard: Guard = previous
      ? {
          ConditionExpression: "#version = :expected",
          ExpressionAttributeNames: { "#version": "version" },
          ExpressionAttributeValues: { ":expected": previous.version },
        }
      : {
          ConditionExpression: "attribute_not_exists(#pk)",
          ExpressionAttributeNames: { "#pk": PARTITION_KEY },
        };
    if (!next) return { Delete: { TableName: this.#tableName, Key: key, ...guard } };
    const item = this.#withinSize(
      {
        ...next,
        ...key,
        entity: ENTITY.nlb,
        version: (previous?.version ?? 0) + 1,
        updatedAt: this.#now(),
      },
      `state of NLB ${next.arn} in workshop ${workshopId}`,
    );
    return { Put: { TableName: this.#tableName, Item: item, ...guard } };
  }

  #transitionItem(workshopId: string, transition: Transition, retentionDays: number): Item {
    const id = transitionId(workshopId, transition);
    const sk = transitionSk(transition, id);
    return this.#withinSize(
      {
        ...transition,
        [PARTITION_KEY]: transitionsPk(workshopId),
        [SORT_KEY]: sk,
        [GSI1_PARTITION_KEY]: nlbTransitionsGsiPk(workshopId, transition.loadBalancerName),
        [GSI1_SORT_KEY]: sk,
        // The wall clock, not this store's `now` (a simulated clock locally): DynamoDB expires by real time.
        [TTL_ATTRIBUTE]: transitionExpiresAt(transition.at, retentionDays, Date.now()),
        entity: ENTITY.transition,
        transitionId: id,
      },
      `transition ${id}`,
    );
  }

  async #transact(
    stateAction: TransactItem | undefined,
    transitions: Item[],
    update: NlbUpdate,
  ): Promise<void> {
    const offset = stateAction ? 1 : 0;
    let pending = transitions;
    for (let attempt = 1; ; attempt++) {
      const actions: TransactItem[] = [
        ...(stateAction ? [stateAction] : []),
        ...pending.map((item) => ({ Put: putIfAbsent(this.#tableName, item) })),
      ];
      if (actions.length === 0) return;
      try {
        await this.#write(() =>
          this.#client.send(new TransactWriteCommand({ TransactItems: actions, ...TOTAL })),
        );
        return;
      } catch (error) {
        if ((error as Error).name !== "TransactionCanceledException") throw error;
        const codes = (
          (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []
        ).map((reason) => reason.Code ?? "None");
        if (stateAction && codes[0] === "ConditionalCheckFailed") {
          throw new ConcurrentUpdateError(
            `${subjectOf(update)}: stored version is no longer ${update.previous ? update.previous.version : "absent"}`,
          );
        }
        // A transition already stored under the same content-derived key while the version check
        // passed: only possible without a state action (a retried transitions-only update) or if
        // the same change was observed again; either way it is stored, so leave it out and retry.
        const existing = new Set(
          codes.flatMap((code, index) =>
            index >= offset && code === "ConditionalCheckFailed" ? [index - offset] : [],
          ),
        );
        const transient = codes.some((code) => TRANSIENT_CANCELLATIONS.has(code));
        if (existing.size === 0 && !transient) throw error;
        if (attempt >= MAX_TRANSACTION_ATTEMPTS) {
          // Another transaction kept touching this NLB's item: to the caller that is a concurrent update.
          if (stateAction && TRANSIENT_CANCELLATIONS.has(codes[0] ?? "")) {
            throw new ConcurrentUpdateError(
              `${subjectOf(update)}: conflicting transactions (${codes.join(", ")})`,
            );
          }
          throw error;
        }
        pending = pending.filter((_, index) => !existing.has(index));
        if (transient) await sleep(25 * 2 ** attempt * (0.5 + Math.random()));
      }
    }
  }

  async #assertVersion(update: NlbUpdate): Promise<void> {
    const current = update.next ?? update.previous?.state;
    if (!current) return;
    const output = await this.#read(() =>
      this.#client.send(
        new GetCommand({
          TableName: this.#tableName,
          Key: {
            [PARTITION_KEY]: workshopPk(update.workshopId),
            [SORT_KEY]: nlbSk(current.region, current.name, current.arn),
          },
          ProjectionExpression: "#version",
          ExpressionAttributeNames: { "#version": "version" },
          ConsistentRead: true,
          ...TOTAL,
        }),
      ),
    );
    const stored = output.Item?.version as number | undefined;
    if (stored !== update.previous?.version) {
      throw new ConcurrentUpdateError(
        `${subjectOf(update)}: stored version is ${stored ?? "absent"}, not ${update.previous?.version ?? "absent"}`,
      );
    }
  }

  async #putAllIfAbsent(items: Item[]): Promise<void> {
    for (let start = 0; start < items.length; start += OVERFLOW_PUT_CONCURRENCY) {
      await Promise.all(
        items.slice(start, start + OVERFLOW_PUT_CONCURRENCY).map(async (item) => {
          try {
            await this.#write(() =>
              this.#client.send(new PutCommand({ ...putIfAbsent(this.#tableName, item), ...TOTAL })),
            );
          } catch (error) {
            // Already stored by an earlier attempt: the key is derived from the content, so it is the same transition.
            if ((error as Error).name !== "ConditionalCheckFailedException") throw error;
          }
        }),
      );
    }
  }

  async #queryAll(input: Omit<QueryCommandInput, "TableName">): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const output = await this.#read(() =>
        this.#client.send(
          new QueryCommand({
            ...input,
            TableName: this.#tableName,
            ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
            ...TOTAL,
          }),
        ),
      );
      items.push(...((output.Items ?? []) as Item[]));
      ExclusiveStartKey = output.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  #withinSize(item: Item, what: string): Item {
    const plain = withoutUndefined(item) as Item;
    // JSON is a slight over-estimate of DynamoDB's item size (names + values), which is what a guard wants.
    const size = Buffer.byteLength(JSON.stringify(plain), "utf8");
    if (size > MAX_ITEM_BYTES) {
      throw new ItemTooLargeError(
        `The ${what} would be a ${size}-byte item, over the ${MAX_ITEM_BYTES}-byte guard below DynamoDB's 400 KB limit`,
        size,
      );
    }
    return plain;
  }

  async #read<O extends Metered>(send: () => Promise<O>): Promise<O> {
    return this.#count("read", send);
  }

  async #write<O extends Metered>(send: () => Promise<O>): Promise<O> {
    return this.#count("write", send);
  }

  async #count<O extends Metered>(kind: "read" | "write", send: () => Promise<O>): Promise<O> {
    const requests = kind === "read" ? "readRequests" : "writeRequests";
    const units = kind === "read" ? "readCapacityUnits" : "writeCapacityUnits";
    try {
      const output = await send();
      this.#stats[requests] += output.$metadata.attempts ?? 1;
      this.#stats[units] += capacityUnits(output.ConsumedCapacity);
      return output;
    } catch (error) {
      // A service error carries the attempts it took; an error raised before sending carries none.
      this.#stats[requests] += (error as Partial<Metered>).$metadata?.attempts ?? 0;
      throw error;
    }
  }
}

interface Metered {
  $metadata: { attempts?: number };
  ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[];
}

const TOTAL = { ReturnConsumedCapacity: "TOTAL" } as const;
const TRANSIENT_CANCELLATIONS = new Set([
  "TransactionConflict",
  "ThrottlingError",
  "ProvisionedThroughputExceeded",
]);

interface Guard {
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

function putIfAbsent(tableName: string, item: Item) {
  return {
    TableName: tableName,
    Item: item,
    ConditionExpression: "attribute_not_exists(#pk)",
    ExpressionAttributeNames: { "#pk": PARTITION_KEY },
  };
}

function capacityUnits(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): number {
  if (!consumed) return 0;
  const all = Array.isArray(consumed) ? consumed : [consumed];
  return all.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

/** A transaction may touch an item once; two identical transitions in one update are one item. */
function uniqueBySortKey(items: Item[]): Item[] {
  return [...new Map(items.map((item) => [item[SORT_KEY] as string, item])).values()];
}

function fromItem<T>(item: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !META_ATTRIBUTES.has(name))) as T;
}

/** The document client refuses `undefined` unless configured to drop it; the model uses optional fields everywhere. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(withoutUndefined);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, withoutUndefined(v)]),
    );
  }
  return value;
}

function encodeCursor(key: Cursor): string {
  return Buffer.from(JSON.stringify(key), "utf8").toString("base64url");
}

function decodeCursor(cursor: string, expected: Cursor, byNlb: boolean): Cursor {
  const names = byNlb
    ? [PARTITION_KEY, SORT_KEY, GSI1_PARTITION_KEY, GSI1_SORT_KEY]
    : [PARTITION_KEY, SORT_KEY];
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError("The cursor is not one this store produced");
  }
  const valid =
    key !== null &&
    typeof key === "object" &&
    !Array.isArray(key) &&
    Object.keys(key).length === names.length &&
    names.every((name) => typeof (key as Cursor)[name] === "string") &&
    Object.entries(expected).every(([name, value]) => (key as Cursor)[name] === value);
  if (!valid) throw new InvalidCursorError("The cursor belongs to another query");
  return key as Cursor;
}

function subjectOf(update: NlbUpdate): string {
  const arn = update.next?.arn ?? update.previous?.state.arn ?? "(transitions only)";
  return `NLB ${arn} of workshop ${update.workshopId}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
