import { setTimeout as sleep } from "node:timers/promises";
import type { Workshop } from "../../model/workshop.ts";
import {
  jitteredBackoffMs,
  type SweepHeartbeat,
  updateOptimistically,
  type Versioned,
  type WorkshopMutation,
  type WorkshopSummary,
} from "../../ports/index.ts";
import { NotFoundError } from "../../queries/query-errors.ts";
import type { DynamoTable, WriteCondition } from "./dynamo-table.ts";
import { fromItem, toItem } from "./item-codec.ts";
import { assertKeyPart, ENTITY, heartbeatSk, WORKSHOPS_PK, workshopConfigSk, workshopsKey } from "./keys.ts";
import { PARTITION_KEY } from "./table-definition.ts";

/**
 * Workshop configs, in the `WORKSHOPS` partition next to each workshop's latest heartbeat, so
 * that one Query lists both. Every config write is conditional on the config's `version`
 * attribute (1 on create, one more on each update), so concurrent writers never undo each other.
 */
export class WorkshopRepository {
  readonly #table: DynamoTable;
  readonly #now: () => number;

  /** @param now stamps `updatedAt` on written configs (epoch ms). */
  constructor(table: DynamoTable, now: () => number) {
    this.#table = table;
    this.#now = now;
  }

  /** Every workshop config with its latest sweep heartbeat: one Query (more only past 1 MB). */
  async listSummaries(signal?: AbortSignal): Promise<WorkshopSummary[]> {
    const items = await this.#table.queryAll(
      {
        KeyConditionExpression: "#pk = :pk",
        ExpressionAttributeNames: { "#pk": PARTITION_KEY },
        ExpressionAttributeValues: { ":pk": WORKSHOPS_PK },
      },
      signal,
    );
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
  async getSummary(workshopId: string): Promise<WorkshopSummary> {
    assertKeyPart(workshopId, "Workshop id");
    const keys = [workshopConfigSk(workshopId), heartbeatSk(workshopId)].map((sk) => workshopsKey(sk));
    let summary: WorkshopSummary = { workshopId };
    for (const item of await this.#table.batchGet(keys)) {
      if (item.entity === ENTITY.workshop) summary = { ...summary, workshop: fromItem<Workshop>(item) };
      if (item.entity === ENTITY.heartbeat)
        summary = { ...summary, heartbeat: fromItem<SweepHeartbeat>(item) };
    }
    return summary;
  }

  /**
   * Stores `workshop` whatever config of its id exists: created, or replaced through
   * {@link update} so that the version moves on and concurrent updates stay detectable.
   */
  async put(workshop: Workshop): Promise<void> {
    if (await this.create(workshop)) return;
    await this.update(workshop.id, () => workshop);
  }

  /** One conditional PutItem (version 1): true if created, false if a config of that id exists. */
  async create(workshop: Workshop): Promise<boolean> {
    return this.#conditionalPut(workshop, 1, {
      ConditionExpression: "attribute_not_exists(#pk)",
      ExpressionAttributeNames: { "#pk": PARTITION_KEY },
    });
  }

  /**
   * Optimistic update (see {@link updateOptimistically}): one consistent GetItem and one
   * conditional PutItem per attempt.
   */
  update(workshopId: string, mutate: WorkshopMutation<Workshop>): Promise<Workshop> {
    assertKeyPart(workshopId, "Workshop id");
    return updateOptimistically({
      what: `workshop "${workshopId}"`,
      read: () => this.#readVersioned(workshopId),
      write: (next, expected) => {
        if (next.id !== workshopId)
          throw new RangeError(`an update of workshop ${workshopId} changed its id`);
        return this.#conditionalPut(next, expected + 1, versionIs(expected));
      },
      mutate,
      notFound: () => new NotFoundError(`workshop "${workshopId}" does not exist`),
      backOff: (attempt) => sleep(jitteredBackoffMs(attempt, Math.random)),
    });
  }

  async #readVersioned(workshopId: string): Promise<Versioned<Workshop> | undefined> {
    const item = await this.#table.get({
      Key: workshopsKey(workshopConfigSk(workshopId)),
      ConsistentRead: true,
    });
    if (!item) return undefined;
    return { value: fromItem<Workshop>(item), version: typeof item.version === "number" ? item.version : 0 };
  }

  /** One PutItem of the config as `version`, if `condition` holds: false (nothing written) if not. */
  async #conditionalPut(workshop: Workshop, version: number, condition: WriteCondition): Promise<boolean> {
    assertKeyPart(workshop.id, "Workshop id");
    const item = toItem(
      workshop,
      {
        ...workshopsKey(workshopConfigSk(workshop.id)),
        entity: ENTITY.workshop,
        version,
        updatedAt: this.#now(),
      },
      `workshop ${workshop.id}`,
    );
    try {
      await this.#table.put({ Item: item, ...condition });
      return true;
    } catch (error) {
      if ((error as Error).name === "ConditionalCheckFailedException") return false;
      throw error;
    }
  }

  /**
   * Deletes the workshop's config only: the collector stops sweeping it. Its transitions expire
   * through TTL; its NLB states and last heartbeat stay (a few small items) and are picked up
   * again if a workshop with the same id is configured later.
   */
  async delete(workshopId: string): Promise<void> {
    assertKeyPart(workshopId, "Workshop id");
    await this.#table.delete({ Key: workshopsKey(workshopConfigSk(workshopId)) });
  }
}

/**
 * The stored config is still `expected`: a config written before versions existed has none and
 * counts as version 0 (its first update adds the version).
 */
function versionIs(expected: number): WriteCondition {
  if (expected === 0) {
    return {
      ConditionExpression: "attribute_exists(#pk) AND attribute_not_exists(#version)",
      ExpressionAttributeNames: { "#pk": PARTITION_KEY, "#version": "version" },
    };
  }
  return {
    ConditionExpression: "#version = :expected",
    ExpressionAttributeNames: { "#version": "version" },
    ExpressionAttributeValues: { ":expected": expected },
  };
}
