import type { Workshop } from "../model/workshop.ts";

/** State of a workshop's stuck-target alarm, as CloudWatch reports it. */
export type AlarmState = "OK" | "ALARM" | "INSUFFICIENT_DATA";

/** The workshops' stuck-target alarms (WorkshopAlarms on CloudWatch implements it). */
export interface AlarmPort {
  alarmName(workshopId: string): string;
  put(workshop: Workshop): Promise<void>;
  remove(workshopId: string): Promise<void>;
  states(workshopIds: string[]): Promise<Map<string, AlarmState>>;
}

/**
 * Where the collector says who is stuck, on each workshop's stuck alarm (CloudWatch: the alarm's
 * description, which its notifications carry).
 */
export interface StuckAlarmDescriptions {
  /**
   * Gives each workshop's alarm (workshop id → description) that description where it differs
   * from the current one, the rest of the alarm's definition unchanged. Workshops without an
   * alarm are left alone: the API and the stack create and delete alarms, not the collector.
   *
   * @returns the ids of the workshops whose alarm was changed.
   */
  update(descriptions: ReadonlyMap<string, string>, signal?: AbortSignal): Promise<string[]>;
}
