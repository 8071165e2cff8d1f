/**
 * Reading the ground truth as a participant reads ELBv2: tests compare what a client saw with
 * what the truth says it could have seen.
 */

/**
 * A true change of one target as the truth's readers compare it with what a collector stored
 * (`GET /_sim/truth`'s event, `at` in epoch ms).
 */
export interface TruthChange {
  at: number;
  loadBalancerName: string;
  targetGroupArn: string;
  targetId: string;
  port: number;
  /** `new` when registered. */
  from: string;
  /** `gone` when deregistered. */
  to: string;
  /** AWS's reason code of the new state (`Target.NotInUse`: the group was detached). */
  reason?: string;
}

/** A true state change as `GET /_sim/truth` gives it (the fields the views need). */
export interface TruthRecord {
  at: number;
  to: string;
  targetId: string;
  port: number;
  targetType: string;
  targetGroupArn: string;
}

/**
 * What `describe-target-health` on the NLB's attached group shows at each moment, derived from
 * the ground truth alone: after every instant at which some target changed, the sorted
 * `type:state` of the targets that are neither gone nor `unused` (a replaced group no listener
 * forwards to). Consecutive equal views are merged; `from` drops the views before it.
 */
export function viewsFromTruth(truth: readonly TruthRecord[], from = Number.NEGATIVE_INFINITY): string[][] {
  const instants = [...new Set(truth.map((t) => t.at))].sort((a, b) => a - b);
  const views: string[][] = [];
  for (const at of [from, ...instants.filter((t) => t > from)]) {
    const state = new Map<string, string>();
    for (const t of truth)
      if (t.at <= at) state.set(`${t.targetGroupArn} ${t.targetId}:${t.port}`, `${t.targetType}:${t.to}`);
    const view = [...state.values()].filter((v) => !v.endsWith(":gone") && !v.endsWith(":unused")).sort();
    if (views.at(-1)?.join() !== view.join()) views.push(view);
  }
  return views;
}

/** The instants at which some target truly changed, after `from`. */
export function changeInstants(truth: readonly TruthRecord[], from: number): number[] {
  return [...new Set(truth.map((t) => t.at))].filter((t) => t > from).sort((a, b) => a - b);
}

/** `GET /_sim/truth` of the simulator at `endpoint`, with times as epoch ms. */
export async function fetchTruth(endpoint: string): Promise<TruthRecord[]> {
  const body = (await (await fetch(`${endpoint}/_sim/truth`)).json()) as {
    transitions: (Omit<TruthRecord, "at"> & { at: string })[];
  };
  return body.transitions.map((t) => ({ ...t, at: Date.parse(t.at) }));
}
