import { DEFAULT_WORKSHOP_ID } from "../../model/constants.ts";
import type { NlbState } from "../../model/state.ts";
import { storeRequest } from "../store-requests.ts";
import type { SweepContext } from "../sweep-context.ts";

/** What the collector knew of NLBs before this sweep, whichever workshop watched them. */
export interface KnownNlbs {
  /** The latest state known of `arn` before this sweep, if some workshop watched it. */
  get(arn: string): Promise<NlbState | undefined>;
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
  const known = new Map<string, NlbState>();
  for (const tracked of context.workshops) {
    for (const [arn, { state }] of tracked.states) {
      const other = known.get(arn);
      if (!other || other.lastSeenAt < state.lastSeenAt) known.set(arn, state);
    }
  }
  const defaultSwept = context.workshops.some((tracked) => tracked.workshop.id === DEFAULT_WORKSHOP_ID);
  let defaults: Promise<Map<string, NlbState>> | undefined;
  // Read once, and only when some workshop meets an NLB new to it.
  const storedByDefault = () => {
    defaults ??= storeRequest(context, (signal) => context.store.loadNlbStates(DEFAULT_WORKSHOP_ID, signal))
      .then((states) => new Map([...states].map(([arn, { state }]) => [arn, state])))
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
