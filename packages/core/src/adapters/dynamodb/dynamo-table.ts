import { setTimeout as sleep } from "node:timers/promises";
import type { ConsumedCapacity } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  DeleteCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
} from "@aws-sdk/lib-dynamodb";
import type { StoreStats } from "../../ports/index.ts";
import type { Item } from "./item-codec.ts";

/** {@link StoreStats} plus the capacity DynamoDB reported, for benchmarks. */
export interface DynamoStoreStats extends StoreStats {
  /** Write capacity units reported by successful write requests (a transactional write costs 2 per KB per item). */
  writeCapacityUnits: number;
  readCapacityUnits: number;
}

/** The condition of a conditional write, as plain data. */
export interface WriteCondition {
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/** A conditional PutItem on the table (the table adds its name). */
export interface ConditionalPut extends WriteCondition {
  Item: Item;
}

/** A conditional DeleteItem on the table (the table adds its name). */
export interface ConditionalDelete extends WriteCondition {
  Key: Item;
}

/** One action of a TransactWriteItems on the table, as plain data. */
export type TableAction = { Put: ConditionalPut } | { Delete: ConditionalDelete };

/** What to do after DynamoDB cancelled a transaction and its caller decided to try again. */
export interface TransactionRetry {
  /** Indexes of actions to leave out of the next attempt. */
  drop: readonly number[];
  /** Wait (exponentially longer with each attempt, with jitter) before the next attempt. */
  backOff: boolean;
}

/**
 * Called with the cancellation reason codes of a cancelled transaction (one per action, in
 * order; `None` for an action that was fine) and the attempt that failed (from 1). Throws to
 * give up, or says how to try again.
 */
export type CancellationHandler = (codes: string[], attempt: number, error: Error) => TransactionRetry;

/** Request inputs as the table takes them: it adds its name and asks for the consumed capacity. */
type TableInput<T> = Omit<T, "TableName" | "ReturnConsumedCapacity">;

/** Rounds of BatchGetItem for keys DynamoDB left unprocessed. */
const MAX_BATCH_GET_ROUNDS = 5;
const TOTAL = { ReturnConsumedCapacity: "TOTAL" } as const;

/**
 * One DynamoDB table behind the document client: every request counted (each SDK attempt) with
 * the capacity it reported, query pagination followed, and the retries DynamoDB expects of a
 * client (unprocessed BatchGetItem keys, cancelled transactions) done with backoff.
 */
export class DynamoTable {
  readonly #client: DynamoDBDocumentClient;
  readonly #name: string;
  readonly #stats: DynamoStoreStats = {
    writeRequests: 0,
    readRequests: 0,
    writeCapacityUnits: 0,
    readCapacityUnits: 0,
  };

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.#client = client;
    this.#name = tableName;
  }

  /** Requests sent since the table was created (each SDK attempt counts), and the capacity they reported. */
  stats(): DynamoStoreStats {
    return { ...this.#stats };
  }

  /** One GetItem. */
  async get(input: TableInput<GetCommandInput>, signal?: AbortSignal): Promise<Item | undefined> {
    const output = await this.#read(() =>
      this.#client.send(new GetCommand({ ...input, TableName: this.#name, ...TOTAL }), options(signal)),
    );
    return output.Item;
  }

  /** One PutItem (conditional if `input` says so: a failed condition throws). */
  async put(input: TableInput<PutCommandInput>, signal?: AbortSignal): Promise<void> {
    await this.#write(() =>
      this.#client.send(new PutCommand({ ...input, TableName: this.#name, ...TOTAL }), options(signal)),
    );
  }

  /** One DeleteItem. */
  async delete(input: TableInput<DeleteCommandInput>, signal?: AbortSignal): Promise<void> {
    await this.#write(() =>
      this.#client.send(new DeleteCommand({ ...input, TableName: this.#name, ...TOTAL }), options(signal)),
    );
  }

  /** One Query: a page of items and DynamoDB's `LastEvaluatedKey` when there may be more. */
  async queryPage(
    input: TableInput<QueryCommandInput>,
    signal?: AbortSignal,
  ): Promise<{ items: Item[]; lastEvaluatedKey?: Record<string, unknown> }> {
    const output = await this.#read(() =>
      this.#client.send(new QueryCommand({ ...input, TableName: this.#name, ...TOTAL }), options(signal)),
    );
    const items = output.Items ?? [];
    return output.LastEvaluatedKey ? { items, lastEvaluatedKey: output.LastEvaluatedKey } : { items };
  }

  /** Every item of a Query: one request per MB of results. */
  async queryAll(input: TableInput<QueryCommandInput>, signal?: AbortSignal): Promise<Item[]> {
    const items: Item[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.queryPage(
        { ...input, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) },
        signal,
      );
      items.push(...page.items);
      ExclusiveStartKey = page.lastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  /**
   * The items of `keys` that exist, in no particular order: one BatchGetItem, and one more for
   * the keys DynamoDB leaves unprocessed under load (a few rounds, backing off).
   */
  async batchGet(keys: Item[]): Promise<Item[]> {
    const found: Item[] = [];
    let pending = keys;
    for (let round = 0; pending.length > 0 && round < MAX_BATCH_GET_ROUNDS; round++) {
      const command = new BatchGetCommand({ RequestItems: { [this.#name]: { Keys: pending } }, ...TOTAL });
      const output = await this.#read(() => this.#client.send(command));
      found.push(...(output.Responses?.[this.#name] ?? []));
      pending = output.UnprocessedKeys?.[this.#name]?.Keys ?? [];
      if (pending.length > 0) await sleep(20 * 2 ** round);
    }
    return found;
  }

  /**
   * One TransactWriteItems of `actions`; when DynamoDB cancels it, `onCancelled` decides whether
   * to send it again (and with which actions). Nothing is sent once no action is left.
   */
  async transactWrite(
    actions: TableAction[],
    onCancelled: CancellationHandler,
    signal?: AbortSignal,
  ): Promise<void> {
    let pending = actions;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const TransactItems = pending.map((action) => this.#named(action));
      try {
        await this.#write(() =>
          this.#client.send(new TransactWriteCommand({ TransactItems, ...TOTAL }), options(signal)),
        );
        return;
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        const retry = onCancelled(codes, attempt, error as Error);
        const drop = new Set(retry.drop);
        pending = pending.filter((_, index) => !drop.has(index));
        if (retry.backOff)
          await sleep(25 * 2 ** attempt * (0.5 + Math.random()), undefined, signal ? { signal } : {});
      }
    }
  }

  #named(action: TableAction) {
    return "Put" in action
      ? { Put: { TableName: this.#name, ...action.Put } }
      : { Delete: { TableName: this.#name, ...action.Delete } };
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

/** The SDK's per-request options: abort when the caller's deadline passes. */
function options(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal ? { abortSignal: signal } : {};
}

interface Metered {
  $metadata: { attempts?: number };
  ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[];
}

function capacityUnits(consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): number {
  if (!consumed) return 0;
  const all = Array.isArray(consumed) ? consumed : [consumed];
  return all.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
}

/** The reason codes of a cancelled transaction (`None` where DynamoDB gives none), or `undefined` for any other error. */
function cancellationCodes(error: unknown): string[] | undefined {
  if ((error as Error).name !== "TransactionCanceledException") return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? "None");
}
