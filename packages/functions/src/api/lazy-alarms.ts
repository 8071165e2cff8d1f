import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { workshopAlarmName } from "@targetwatch/core/definitions";
import type { Workshop } from "@targetwatch/core/model";
import type { AlarmPort, AlarmState } from "@targetwatch/core/ports";

export interface LazyAlarmsOptions {
  /** `<app>-<stage>-`: the prefix of this deployment's workshop alarms. */
  prefix: string;
  topicArn?: string;
  /** A client to use (the local stack's simulator); by default one configured from the environment. */
  client?: CloudWatchClient;
}

/**
 * The workshops' stuck-target alarms, with CloudWatch's client and adapter loaded on first use:
 * only alarm reads (`GET /workshops`, `GET /workshops/{id}`) and workshop writes need them, so
 * the other routes' cold starts neither load nor build them. A bundle split into chunks keeps
 * them in a chunk of their own.
 */
export class LazyAlarms implements AlarmPort {
  readonly #options: LazyAlarmsOptions;
  #alarms: Promise<AlarmPort> | undefined;

  constructor(options: LazyAlarmsOptions) {
    this.#options = options;
  }

  alarmName(workshopId: string): string {
    return workshopAlarmName(this.#options.prefix, workshopId);
  }

  async put(workshop: Workshop): Promise<void> {
    await (await this.#load()).put(workshop);
  }

  async remove(workshopId: string): Promise<void> {
    await (await this.#load()).remove(workshopId);
  }

  async states(workshopIds: string[]): Promise<Map<string, AlarmState>> {
    return (await this.#load()).states(workshopIds);
  }

  #load(): Promise<AlarmPort> {
    this.#alarms ??= this.#create().catch((error: unknown) => {
      // A failed load is tried again by the next request rather than remembered.
      this.#alarms = undefined;
      throw error;
    });
    return this.#alarms;
  }

  async #create(): Promise<AlarmPort> {
    const { prefix, topicArn, client } = this.#options;
    const { CloudWatchClient, WorkshopAlarms } = await import("./alarms-module.ts");
    return new WorkshopAlarms({
      client: client ?? new CloudWatchClient({}),
      prefix,
      ...(topicArn ? { topicArn } : {}),
    });
  }
}
