import { DEFAULT_WORKSHOP, type Workshop } from "../model/workshop.ts";
import type { SweepHeartbeat } from "../ports/index.ts";
import { nlbId, observationKeyOf } from "../rules/index.ts";
import { storeRequest } from "./store-requests.ts";
import type { Gap, StoredNlb, SweepContext, TrackedWorkshop } from "./sweep-context.ts";

/** What a collector's sweeps leave in memory for the next one (a warm Lambda keeps it). */
export interface SweepMemory {
  /** The workshops and NLB states as the previous sweep left them, recorded or not. */
  workshops?: TrackedWorkshop[];
  /** Start of the first sweep whose reads could not all be recorded, until a sweep records again. */
  unrecordedSince?: number;
}

/**
 * The workshops to sweep: from the store (configured ones, or the default one), each with its
 * stored NLB states brought up to the latest recorded sighting and its gap policy; when the
 * store cannot be read, the ones the previous sweep left in memory (or the default workshop
 * knowing nothing), and the store counts as unavailable for the sweep.
 */
export async function loadWorkshops(
  context: SweepContext,
  options: { memory: SweepMemory; maxWindowMs: number },
): Promise<TrackedWorkshop[]> {
  const { store } = context;
  try {
    const configured = await storeRequest(context, (signal) => store.listWorkshops(signal));
    return await Promise.all(
      (configured.length > 0 ? configured : [DEFAULT_WORKSHOP]).map(async (workshop) => {
        const [states, heartbeat] = await Promise.all([
          storeRequest(context, (signal) => store.loadNlbStates(workshop.id, signal)),
          storeRequest(context, (signal) => store.getHeartbeat(workshop.id, signal)),
        ]);
        return stored(context.startedAt, workshop, states, heartbeat, options);
      }),
    );
  } catch {
    context.storeDown ??= "its state could not be loaded";
    return fromMemory(options.memory.workshops, options.maxWindowMs);
  }
}

function stored(
  startedAt: number,
  workshop: Workshop,
  states: Map<string, StoredNlb>,
  heartbeat: SweepHeartbeat | undefined,
  options: { memory: SweepMemory; maxWindowMs: number },
): TrackedWorkshop {
  const gap = gapBefore(startedAt, heartbeat, options);
  return {
    workshop,
    states: withLatestSightings(workshop, states, heartbeat),
    observedAt: {},
    vouched: new Map(),
    readBefore: { ...heartbeat?.regionsObservedAt },
    gaps: { maxWindowMs: options.maxWindowMs, ...(gap ? { unrecordedUntil: startedAt } : {}) },
    ...(gap ? { gap } : {}),
    ...(heartbeat?.lastGap ? { lastGap: heartbeat.lastGap } : {}),
    ...(heartbeat?.accounts ? { accounts: heartbeat.accounts } : {}),
    ...(heartbeat?.progress ? { progress: heartbeat.progress } : {}),
  };
}

/**
 * The period without recorded data that a sweep starting now ends: since this collector's
 * unrecorded sweeps began (it knows), or since the last recorded sweep when that started
 * longer than one sampling interval ago (sweeps were missed: the collector was down).
 */
function gapBefore(
  startedAt: number,
  heartbeat: SweepHeartbeat | undefined,
  { memory, maxWindowMs }: { memory: SweepMemory; maxWindowMs: number },
): Gap | undefined {
  const { unrecordedSince } = memory;
  if (unrecordedSince !== undefined) {
    return { from: heartbeat ? Math.min(heartbeat.at, unrecordedSince) : unrecordedSince, to: startedAt };
  }
  if (heartbeat && startedAt - (heartbeat.at - heartbeat.durationMs) > maxWindowMs) {
    return { from: heartbeat.at, to: startedAt };
  }
  return undefined;
}

/** The previous sweep's workshops, to diff in memory; each region it read counts as read before. */
function fromMemory(workshops: TrackedWorkshop[] | undefined, maxWindowMs: number): TrackedWorkshop[] {
  if (!workshops) {
    return [
      {
        workshop: DEFAULT_WORKSHOP,
        states: new Map(),
        observedAt: {},
        vouched: new Map(),
        readBefore: {},
        gaps: { maxWindowMs },
      },
    ];
  }
  return workshops.map((tracked) => ({
    workshop: tracked.workshop,
    states: new Map(tracked.states),
    observedAt: {},
    vouched: new Map(),
    readBefore: { ...tracked.readBefore, ...tracked.observedAt },
    gaps: { maxWindowMs },
    ...(tracked.lastGap ? { lastGap: tracked.lastGap } : {}),
    ...(tracked.accounts ? { accounts: tracked.accounts } : {}),
    ...(tracked.progress ? { progress: tracked.progress } : {}),
  }));
}

/**
 * NLB states are rewritten only when they change, so a stored `lastSeenAt` can be older than the
 * last sweep that saw the NLB unchanged. The heartbeat says when each region was last read and
 * recorded in full, and at which version it saw each NLB: an NLB still at that version and
 * without an error was seen then, in its stored state, and so were its target groups and
 * targets. A state another sweep wrote since is left as it is: its reading may be older.
 */
function withLatestSightings(
  workshop: Workshop,
  states: Map<string, StoredNlb>,
  heartbeat: SweepHeartbeat | undefined,
): Map<string, StoredNlb> {
  const regionsObservedAt = heartbeat?.regionsObservedAt;
  if (!regionsObservedAt) return states;
  const versions = heartbeat.observedVersions;
  for (const [arn, { state, version }] of states) {
    const seenAt = regionsObservedAt[observationKeyOf(workshop, state)];
    if (state.error || seenAt === undefined || seenAt <= state.lastSeenAt) continue;
    if (versions && versions[nlbId(arn)] !== version) continue;
    const later = (time: number | undefined) => Math.max(time ?? seenAt, seenAt);
    states.set(arn, {
      version,
      state: {
        ...state,
        lastSeenAt: seenAt,
        targetGroups: state.targetGroups.map((g) => ({ ...g, lastSeenAt: later(g.lastSeenAt) })),
        targets: state.targets.map((t) => ({ ...t, lastSeenAt: later(t.lastSeenAt) })),
      },
    });
  }
  return states;
}
