import { scaledClock } from "@targetwatch/core/collector";
import type { CollectorClock } from "@targetwatch/core/ports";

/** A collector clock that follows a live simulator's clock from another process. */
export interface FollowedClock extends CollectorClock {
  /** Simulated seconds per wall second. */
  readonly speed: number;
  /** Reads the simulator's clock again (it may have been advanced through its control API). */
  refresh(): Promise<void>;
}

interface ClockReading {
  epochMs: number;
  wallMs: number;
  speed: number;
}

/**
 * Follows the simulator at `endpoint` (its `GET /_sim/clock` gives simulated time and the wall
 * time it was read at, one reading): `now()` is then the simulator's time to the millisecond,
 * so what the collector stamps compares with the simulator's truth.
 *
 * @throws Error when the simulator cannot be asked, or its clock is manual (nothing to follow).
 */
export async function followSimulatorClock(endpoint: string): Promise<FollowedClock> {
  let reading = await readClock(endpoint);
  if (!(reading.speed > 0)) {
    throw new Error(`the simulator at ${endpoint} runs a manual clock (speed 0): there is no time to follow`);
  }
  const now = () => Math.floor(reading.epochMs + (Date.now() - reading.wallMs) * reading.speed);
  const scaled = scaledClock(now, reading.speed);
  return {
    now,
    sleep: (ms) => scaled.sleep(ms),
    deadline: (at) => scaled.deadline(at),
    get speed() {
      return reading.speed;
    },
    async refresh() {
      reading = await readClock(endpoint);
    },
  };
}

async function readClock(endpoint: string): Promise<ClockReading> {
  const response = await fetch(new URL("/_sim/clock", endpoint));
  if (!response.ok) throw new Error(`GET ${endpoint}/_sim/clock answered ${response.status}`);
  const body = (await response.json()) as Partial<ClockReading>;
  if (typeof body.epochMs !== "number" || typeof body.wallMs !== "number" || typeof body.speed !== "number") {
    throw new Error(`GET ${endpoint}/_sim/clock gave no clock reading (epochMs, wallMs, speed)`);
  }
  return { epochMs: body.epochMs, wallMs: body.wallMs, speed: body.speed };
}
