/** What the soak does to the system under test, at a simulated time. */
export type IncidentKind =
  | "stall-store"
  | "resume-store"
  | "kill-store"
  | "restart-store"
  | "start-overlapping-collector"
  | "stop-overlapping-collector"
  | "kill-collector";

export interface Incident {
  /** Simulated seconds from the scenario's start. */
  at: number;
  kind: IncidentKind;
}

/** How long a stalled DynamoDB stays stopped, and a killed one down (simulated seconds). */
export const STALL_SECONDS = 60;
export const DOWN_SECONDS = 50;

/**
 * The soak's incidents over a run of `seconds`, spread so they do not overlap: a second
 * collector overlapping the first, DynamoDB stalled (SIGSTOP) for a minute, DynamoDB killed and
 * back 50 s later, and the first collector killed mid-sweep three times, each time started again.
 */
export function incidentsFor(seconds: number): Incident[] {
  const at = (share: number) => Math.round(seconds * share);
  return [
    { at: at(0.1), kind: "start-overlapping-collector" },
    { at: at(0.35), kind: "stop-overlapping-collector" },
    { at: at(0.4), kind: "stall-store" },
    { at: at(0.4) + STALL_SECONDS, kind: "resume-store" },
    { at: at(0.62), kind: "kill-store" },
    { at: at(0.62) + DOWN_SECONDS, kind: "restart-store" },
    { at: at(0.72), kind: "kill-collector" },
    { at: at(0.82), kind: "kill-collector" },
    { at: at(0.92), kind: "kill-collector" },
  ].sort((a, b) => a.at - b.at) as Incident[];
}
