import type { Mode, TargetState } from "../model/snapshot.ts";
import { type NlbState, targetKey } from "../model/state.ts";
import type { Transition } from "../model/transition.ts";
import { transitionKey } from "./order.ts";

/**
 * What transitions alone can tell about an NLB: its mode and the state of each target, by
 * target key. Replaying an NLB's transitions from its appearance rebuilds it, which is how the
 * tests check that no change goes unrecorded.
 */
export interface NlbView {
  mode: Mode;
  targets: Record<string, TargetState>;
}

/** The view of a persisted state (`undefined` for an NLB that is not there). */
export function viewOf(state: NlbState | undefined): NlbView | undefined {
  if (!state) return undefined;
  return {
    mode: state.mode,
    targets: Object.fromEntries(state.targets.map((record) => [targetKey(record), record.state])),
  };
}

/**
 * Replays transitions onto a view, oldest first: in the order {@link diffNlb} emits them, one
 * diff after another. They are deliberately not re-sorted: two sweeps may share a timestamp, and
 * only the order of the diffs tells which came first (reverse a newest-first list).
 *
 * @throws Error when a transition does not start where the view is: its `from` differs from the
 *   current mode or target state, a target appears twice, an NLB disappears with targets left.
 *   That means transitions were lost or duplicated.
 *
 * @example
 * ```ts
 * const { next, transitions } = diffNlb({ previous, snapshot, observedAt });
 * applyTransitions(viewOf(previous), transitions); // deep-equals viewOf(next)
 * ```
 */
export function applyTransitions(
  previous: NlbView | undefined,
  transitions: readonly Transition[],
): NlbView | undefined {
  let view = previous ? { mode: previous.mode, targets: { ...previous.targets } } : undefined;
  // An NLB disappears before its targets are deregistered (same `at`, kind order), so the view
  // lives on until they are gone.
  let gone = false;
  const present = () => view !== undefined && !gone;

  for (const transition of transitions) {
    const where = `${transition.kind} transition of ${transition.loadBalancerArn} ${transitionKey(transition)}`;
    switch (transition.kind) {
      case "loadBalancer":
        if (transition.from === transition.to) throw new Error(`${where} goes nowhere`);
        if (transition.to === "present") {
          if (present()) throw new Error(`${where}: the NLB is already present`);
          if (view && Object.keys(view.targets).length > 0) throw new Error(`${where}: targets left behind`);
          view = { mode: transition.mode ?? "none", targets: {} };
          gone = false;
        } else {
          if (!present()) throw new Error(`${where}: the NLB is not present`);
          gone = true;
        }
        break;
      case "mode":
        if (!view || !present()) throw new Error(`${where}: the NLB is not present`);
        if (view.mode !== transition.from)
          throw new Error(`${where}: mode is ${view.mode}, not ${transition.from}`);
        view.mode = transition.to;
        break;
      case "target": {
        if (!view) throw new Error(`${where}: the NLB is not present`);
        const key = transitionKey(transition);
        const current = view.targets[key] ?? "unregistered";
        if (current !== transition.from)
          throw new Error(`${where}: target is ${current}, not ${transition.from}`);
        if (transition.to === "deregistered") delete view.targets[key];
        else view.targets[key] = transition.to;
        break;
      }
    }
  }
  if (gone) {
    if (view && Object.keys(view.targets).length > 0) throw new Error("An NLB disappeared with targets left");
    return undefined;
  }
  return view;
}
