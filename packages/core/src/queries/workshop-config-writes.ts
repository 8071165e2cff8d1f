import type { Workshop } from "../model/workshop.ts";
import type { AlarmPort, ApiStore, SweepHeartbeat } from "../ports/index.ts";
import { newWorkshop, replaceConfig, type WorkshopConfigInput } from "../rules/workshop-config.ts";
import { newExternalId } from "./external-id.ts";
import { AlarmUpdateError, NotFoundError } from "./query-errors.ts";

/** A PUT's outcome: whether it created the workshop, the config as stored, the latest sweep. */
export interface PutWorkshopResult {
  created: boolean;
  workshop: Workshop;
  heartbeat?: SweepHeartbeat;
}

/** Rounds of create-then-update for a PUT racing a DELETE or another PUT's create. */
const PUT_ROUNDS = 3;

/**
 * The writes of the facilitators' API to workshop configs: all of them conditional on the
 * config's version (through {@link ApiStore.createWorkshop} and {@link ApiStore.updateWorkshop}),
 * so a PUT, a participant's join and an account added on its own never undo one another.
 */
export class WorkshopConfigWrites {
  readonly #store: ApiStore;
  readonly #alarms: AlarmPort | undefined;
  readonly #changed: () => void;

  /** @param changed called after every write (the API's workshop cache forgets what it holds). */
  constructor(store: ApiStore, alarms: AlarmPort | undefined, changed: () => void) {
    this.#store = store;
    this.#alarms = alarms;
    this.#changed = changed;
  }

  /**
   * Creates the workshop, or replaces its settings keeping its accounts, external id and join
   * code ({@link replaceConfig}). The alarm goes first: if CloudWatch refuses it, nothing is
   * stored and the client can retry; if the store then fails, the next PUT rewrites the same alarm.
   */
  async put(input: WorkshopConfigInput): Promise<PutWorkshopResult> {
    const before = await this.#store.getWorkshop(input.id);
    // Generated once, then kept: every participant role already deployed trusts this very value.
    const externalId = newExternalId();
    // Also checks the accounts limit before CloudWatch is asked.
    const preview = before.workshop
      ? replaceConfig(before.workshop, input, externalId)
      : newWorkshop(input, externalId);
    await this.#putAlarm(preview);
    const heartbeat = before.heartbeat ? { heartbeat: before.heartbeat } : {};
    let exists = before.workshop !== undefined;
    for (let round = 1; ; round++) {
      if (!exists && (await this.#store.createWorkshop(preview))) {
        this.#changed();
        return { created: true, workshop: preview, ...heartbeat };
      }
      try {
        const workshop = await this.#store.updateWorkshop(input.id, (c) =>
          replaceConfig(c, input, externalId),
        );
        this.#changed();
        return { created: false, workshop, ...heartbeat };
      } catch (error) {
        // Deleted between the create and the update: create it after all.
        if (!(error instanceof NotFoundError) || round >= PUT_ROUNDS) throw error;
        exists = false;
      }
    }
  }

  /** Any change of a workshop's config that keeps its alarm as it is (accounts, external id…). */
  async update(workshopId: string, mutate: (current: Workshop) => Workshop): Promise<Workshop> {
    const workshop = await this.#store.updateWorkshop(workshopId, mutate);
    this.#changed();
    return workshop;
  }

  async #putAlarm(workshop: Workshop): Promise<void> {
    if (!this.#alarms) return;
    try {
      await this.#alarms.put(workshop);
    } catch (error) {
      throw new AlarmUpdateError(
        `could not create or update the workshop's alarm: ${(error as Error).message}`,
      );
    }
  }
}
