import type { Workshop } from "../../model/workshop.ts";
import type { SweepHeartbeat, WorkshopSummary } from "../../ports/index.ts";
import type { DynamoTable } from "./dynamo-table.ts";
import { fromItem, toItem } from "./item-codec.ts";
import { assertKeyPart, ENTITY, heartbeatSk, WORKSHOPS_PK, workshopConfigSk, workshopsKey } from "./keys.ts";
import { PARTITION_KEY } from "./table-definition.ts";

/**
 * Workshop configs, in the `WORKSHOPS` partition next to each workshop's latest heartbeat, so
 * that one Query lists both.
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

  /** One PutItem. */
  async put(workshop: Workshop): Promise<void> {
    assertKeyPart(workshop.id, "Workshop id");
    const item = toItem(
      workshop,
      { ...workshopsKey(workshopConfigSk(workshop.id)), entity: ENTITY.workshop, updatedAt: this.#now() },
      `workshop ${workshop.id}`,
    );
    await this.#table.put({ Item: item });
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
