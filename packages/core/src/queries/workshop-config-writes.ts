import { DEFAULT_PARTICIPANT_ROLE_NAME } from "../model/constants.ts";
import type { Workshop, WorkshopAccount } from "../model/workshop.ts";
import type { AlarmPort, ApiStore, SweepHeartbeat } from "../ports/index.ts";
import {
  checkRoleName,
  hasAccount,
  newWorkshop,
  replaceConfig,
  type WorkshopConfigInput,
  withAccount,
  withoutAccount,
} from "../rules/workshop-config.ts";
import { newExternalId } from "./external-id.ts";
import { AlarmUpdateError, NotFoundError } from "./query-errors.ts";

/** A PUT's outcome: whether it created the workshop, the config as stored, the latest sweep. */
export interface PutWorkshopResult {
  created: boolean;
  workshop: Workshop;
  heartbeat?: SweepHeartbeat;
}

/** The outcome of `PUT /workshops/{id}/accounts/{accountId}`. */
export interface PutAccountResult {
  created: boolean;
  account: WorkshopAccount;
}

export interface WorkshopConfigWritesOptions {
  store: ApiStore;
  alarms?: AlarmPort | undefined;
  /** The role names the collector may assume; undefined: any (a local stack). */
  allowedRoleNames?: readonly string[] | undefined;
  /** Called after every write (the API's workshop cache forgets what it holds). */
  changed: () => void;
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
  readonly #allowedRoleNames: readonly string[] | undefined;
  readonly #changed: () => void;

  constructor(options: WorkshopConfigWritesOptions) {
    this.#store = options.store;
    this.#alarms = options.alarms;
    this.#allowedRoleNames = options.allowedRoleNames;
    this.#changed = options.changed;
  }

  /**
   * Creates the workshop, or replaces its settings keeping its accounts, external id and join
   * code ({@link replaceConfig}). The alarm goes first: if CloudWatch refuses it, nothing is
   * stored and the client can retry; if the store then fails, the next PUT rewrites the same alarm.
   */
  async put(input: WorkshopConfigInput): Promise<PutWorkshopResult> {
    checkRoleName(input.roleName ?? DEFAULT_PARTICIPANT_ROLE_NAME, this.#allowedRoleNames);
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

  /**
   * Replaces the workshop's external id with a new random one; the old one is no longer stored.
   * Every participant role deployed with the old one stops being assumable (`roleNotAssumable`,
   * hinting at the rotation) until its stack is updated with the new one.
   */
  async rotateExternalId(workshopId: string): Promise<Workshop> {
    // Generated once, outside the mutation: every attempt writes the same new id.
    const externalId = newExternalId();
    return this.#update(workshopId, (current) => ({ ...current, externalId }));
  }

  /**
   * Adds one participant account, or relabels it when a label is given; idempotent (a repeat
   * writes nothing).
   *
   * @throws AccountLimitError when the workshop already has the most accounts it may have
   */
  async putAccount(
    workshopId: string,
    account: { accountId: string; label?: string },
  ): Promise<PutAccountResult> {
    let created = false;
    const workshop = await this.#update(workshopId, (current) => {
      created = !hasAccount(current, account.accountId);
      return withAccount(current, account);
    });
    const stored = workshop.accounts?.find((a) => a.accountId === account.accountId) ?? account;
    return { created, account: stored };
  }

  /**
   * Removes one participant account: the collector stops reading it on its next sweep.
   *
   * @throws NotFoundError when the workshop or the account in it does not exist
   */
  async deleteAccount(workshopId: string, accountId: string): Promise<void> {
    await this.#update(workshopId, (current) => {
      if (!hasAccount(current, accountId)) {
        throw new NotFoundError(`account ${accountId} is not in workshop "${workshopId}"`);
      }
      return withoutAccount(current, accountId);
    });
  }

  async #update(workshopId: string, mutate: (current: Workshop) => Workshop): Promise<Workshop> {
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
