import { DEFAULT_WORKSHOP_ID } from "../../model/constants.ts";
import type { NlbState } from "../../model/state.ts";
import type { Transition } from "../../model/transition.ts";
import { storeRequest } from "../store-requests.ts";
import type { SweepContext } from "../sweep-context.ts";

/** An NLB's latest state before this sweep, and the workshop whose record it is. */
export interface KnownNlb {
  state: NlbState;
  workshopId: string;
}

/** What the collector knew of NLBs before this sweep, whichever workshop watched them. */
export interface KnownNlbs {
  /** The latest state known of `arn` before this sweep, if some workshop watched it. */
  get(arn: string): Promise<KnownNlb | undefined>;
}

/**
 * The NLB states this sweep's workshops had when it started, and, when the implicit default
 * workshop is no longer swept (a workshop was configured), the ones it last stored.
 *
 * A workshop that starts selecting an NLB the collector already watches (it was just created, or
 * its selector changed) adopts that NLB's known state: its targets keep their registration,
 * their time to healthy and how long they have been in their state, and only what changed since
 * that sighting becomes a transition. Without this, every target would be recorded as registered
 * at the workshop's first sweep (`unregistered → healthy`), a transition that never happened.
 *
 * Copied now: a workshop's states move on as this sweep records them, and an NLB two workshops
 * first see in the same sweep is new to both.
 */
export function knownBeforeSweep(context: SweepContext): KnownNlbs {
  const known = new Map<string, KnownNlb>();
  for (const tracked of context.workshops) {
    for (const [arn, { state }] of tracked.states) {
      const other = known.get(arn);
      if (!other || other.state.lastSeenAt < state.lastSeenAt)
        known.set(arn, { state, workshopId: tracked.workshop.id });
    }
  }
  const defaultSwept = context.workshops.some((tracked) => tracked.workshop.id === DEFAULT_WORKSHOP_ID);
  let defaults: Promise<Map<string, KnownNlb>> | undefined;
  // Read once, and only when some workshop meets an NLB new to it.
  const storedByDefault = () => {
    defaults ??= storeRequest(context, (signal) => context.store.loadNlbStates(DEFAULT_WORKSHOP_ID, signal))
      .then(
        (states) =>
          new Map([...states].map(([arn, { state }]) => [arn, { state, workshopId: DEFAULT_WORKSHOP_ID }])),
      )
      // Without them the NLB is recorded as first seen, as before any adoption.
      .catch(() => new Map());
    return defaults;
  };
  return {
    get: async (arn) => {
      const inSweep = known.get(arn);
      if (inSweep || defaultSwept || context.storeDown !== undefined) return inSweep;
      return (await storedByDefault()).get(arn);
    },
  };
}

/**
 * The transitions that led to an adopted state: the NLB's own, as the workshop that watched it
 * recorded them (same windows, same times to healthy), from the adopting workshop's retention
 * window up to the latest read the adopted state reflects. Later ones are this sweep's to find, so none is copied
 * twice or contradicted; they are honestly the NLB's history, observed by this collector.
 *
 * @throws when the store cannot give them: the NLB is then adopted by a later sweep, with its history.
 */
export async function adoptedHistory(
  context: SweepContext,
  known: KnownNlb,
  retentionDays: number,
): Promise<Transition[]> {
  const since = context.clock.now() - retentionDays * DAY_MS;
  const { arn, name, lastSeenAt, lastReceivedAt = lastSeenAt } = known.state;
  const history = await storeRequest(context, (signal) =>
    context.store.loadNlbHistory(known.workshopId, name, since, signal),
  );
  return history
    .filter((t) => t.loadBalancerArn === arn && t.at <= lastReceivedAt)
    .sort((a, b) => a.at - b.at);
}

const DAY_MS = 86_400_000;
