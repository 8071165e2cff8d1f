import type { SweepHeartbeat } from "../../ports/index.ts";
import type { DynamoTable } from "./dynamo-table.ts";
import { fromItem, toItem } from "./item-codec.ts";
import { assertKeyPart, ENTITY, heartbeatSk, workshopsKey } from "./keys.ts";

/** Each workshop's latest sweep heartbeat, one item per workshop next to its config. */
export class HeartbeatRepository {
  readonly #table: DynamoTable;
  readonly #now: () => number;

  /** @param now stamps `updatedAt` on written heartbeats (epoch ms). */
  constructor(table: DynamoTable, now: () => number) {
    this.#table = table;
    this.#now = now;
  }

  /** One PutItem: in a sweep that changed nothing, this is the workshop's only write. */
  async put(heartbeat: SweepHeartbeat, signal?: AbortSignal): Promise<void> {
    assertKeyPart(heartbeat.workshopId, "Workshop id");
    const item = toItem(
      heartbeat,
      {
        ...workshopsKey(heartbeatSk(heartbeat.workshopId)),
        entity: ENTITY.heartbeat,
        updatedAt: this.#now(),
      },
      `heartbeat of workshop ${heartbeat.workshopId}`,
    );
    await this.#table.put({ Item: item }, signal);
  }

  /** One GetItem. */
  async get(workshopId: string, signal?: AbortSignal): Promise<SweepHeartbeat | undefined> {
    assertKeyPart(workshopId, "Workshop id");
    const item = await this.#table.get({ Key: workshopsKey(heartbeatSk(workshopId)) }, signal);
    return item ? fromItem<SweepHeartbeat>(item) : undefined;
  }
}
