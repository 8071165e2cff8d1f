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
