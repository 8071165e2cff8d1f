// What happened lately, collapsed for a class: one line per kind of event and minute.

/** One thing that happened: a world event (`[t+3m00s] participant-07: …`), a sweep, an alarm. */
export interface RecentEvent {
  /** When it was noted (epoch ms, the simulated clock when simulating). */
  at: number;
  text: string;
}

/** A collapsed line: the kind, its minute, how many times, the latest text and who it was about. */
interface Group {
  key: string;
  minute: string;
  count: number;
  latest: string;
  subjects: string[];
}

const WORLD_EVENT = /^\[t\+(\d+)m\d+s\] ([\w.-]+): (.*)$/;

/**
 * Recent events, bounded: the live view keeps the last `capacity` and shows them collapsed
 * ({@link collapseEvents}).
 */
export class RecentEvents {
  readonly #events: RecentEvent[] = [];
  readonly #capacity: number;

  constructor(capacity = 500) {
    this.#capacity = capacity;
  }

  add(text: string, at: number): void {
    this.#events.push({ text, at });
    if (this.#events.length > this.#capacity) this.#events.shift();
  }

  /** The events kept, oldest first. */
  events(): RecentEvent[] {
    return [...this.#events];
  }
}

/** `at` as the minute it falls in: `t+3m` since the scenario's start, else `HH:MM` UTC. */
function minuteOf(at: number, start: number | undefined): string {
  if (start !== undefined) return `t+${Math.max(0, Math.floor((at - start) / 60_000))}m`;
  return new Date(at).toISOString().slice(11, 16);
}

/**
 * What an event is, for collapsing: a world event is its message with the cluster left out and
 * every word with a digit blurred, generated names and numbers (`pod # is ready but fails …`);
 * anything else is what comes before its first colon (`sweep`, `alarm …`).
 */
function kindOf(message: string): string {
  return message.replace(/\S*\d\S*/g, "#").split(":")[0] as string;
}

/**
 * The events as lines, oldest first: one per kind of event and minute, with how many times it
 * happened and the latest one's text (`t+3m 30× service ui/ui-nlb patched to ip mode … —
 * participant-01, participant-02 +28`), rather than one per sweep or per participant.
 *
 * @param start When the scenario started (epoch ms), to tell minutes as `t+3m`.
 */
export function collapseEvents(events: readonly RecentEvent[], start?: number): string[] {
  const groups = new Map<string, Group>();
  for (const event of events) {
    const world = WORLD_EVENT.exec(event.text);
    const minute = world ? `t+${world[1]}m` : minuteOf(event.at, start);
    const message = world ? (world[3] as string) : event.text;
    const key = `${minute}|${world ? "world" : "other"}|${kindOf(message)}`;
    // Map order is first insertion: re-inserting moves a kind seen again to the end.
    const group = groups.get(key) ?? { key, minute, count: 0, latest: message, subjects: [] };
    groups.delete(key);
    group.count += 1;
    group.latest = message;
    if (world && !group.subjects.includes(world[2] as string)) group.subjects.push(world[2] as string);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => {
    const times = g.count > 1 ? `${g.count}× ` : "";
    const who =
      g.subjects.length === 0
        ? ""
        : g.subjects.length <= 2
          ? `${g.subjects.join(", ")}: `
          : `${g.subjects.slice(0, 2).join(", ")} +${g.subjects.length - 2}: `;
    return `${g.minute} ${times}${who}${g.latest}`;
  });
}
