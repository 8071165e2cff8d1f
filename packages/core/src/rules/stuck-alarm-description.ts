import type { NlbState } from "../model/state.ts";
import { hasParticipantAccounts, type Workshop } from "../model/workshop.ts";
import { labelsOf } from "./account-participants.ts";
import { isStuck } from "./stuck.ts";
import { accountOfArn } from "./timeline.ts";

/** CloudWatch's limit on an alarm's description (PutMetricAlarm's AlarmDescription). */
export const MAX_ALARM_DESCRIPTION_LENGTH = 1024;

/** One stuck target as the alarm's description names it. */
export interface StuckEntry {
  /** The participant: their label, else their account (or cluster, in a workshop without accounts). */
  who: string;
  loadBalancer: string;
  /** `<id>:<port>`. */
  target: string;
  state: string;
  /** Not healthy since (epoch ms). */
  since: number;
}

/**
 * What a workshop's stuck alarm is about, whatever is stuck: the alarm's definition carries it,
 * and the description falls back to it once nothing is stuck.
 */
export function stuckAlarmBaseDescription(
  workshop: Pick<Workshop, "name" | "stuckThresholdSeconds">,
): string {
  return `Targets of workshop "${workshop.name}" not healthy for more than ${workshop.stuckThresholdSeconds} s`;
}

/**
 * The stuck targets of a workshop's NLBs at `now`, longest stuck first (then by participant,
 * NLB and target, so the order, and with it the description, changes only when the list does).
 */
export function stuckEntries(
  workshop: Pick<Workshop, "accounts" | "stuckThresholdSeconds">,
  states: Iterable<NlbState>,
  now: number,
): StuckEntry[] {
  const labelOf = labelsOf(workshop);
  const byAccount = hasParticipantAccounts(workshop);
  const entries: StuckEntry[] = [];
  for (const state of states) {
    const accountId = accountOfArn(state.arn);
    const who = labelOf(accountId) ?? (byAccount ? accountId : (state.cluster ?? accountId));
    for (const t of state.targets) {
      if (!isStuck(t, now, workshop.stuckThresholdSeconds)) continue;
      entries.push({
        who,
        loadBalancer: state.name,
        target: `${t.id}:${t.port}`,
        state: t.state,
        since: t.notHealthySince ?? t.since,
      });
    }
  }
  const text = (e: StuckEntry) => `${e.who}\n${e.loadBalancer}\n${e.target}`;
  return entries.sort((a, b) => a.since - b.since || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

/**
 * The stuck alarm's description: what it is about, then who is stuck — participant, NLB,
 * target, state and since when, longest stuck first — as many as fit CloudWatch's 1,024
 * characters, the rest counted ("and N more"). Nothing stuck: the base description alone, as
 * the alarm's definition has it.
 *
 * @example
 * ```ts
 * stuckAlarmDescription(workshop, [{ who: "Table 3 – Alice", loadBalancer: "k8s-ui-uinlb-e1c1ebaeb4",
 *   target: "10.42.1.27:8080", state: "unhealthy", since: Date.parse("2026-12-03T14:05:00Z") }]);
 * // 'Targets of workshop "CON301" not healthy for more than 300 s. Stuck (1): Table 3 – Alice:
 * //  k8s-ui-uinlb-e1c1ebaeb4 10.42.1.27:8080 unhealthy since 2026-12-03T14:05:00Z'
 * ```
 */
export function stuckAlarmDescription(
  workshop: Pick<Workshop, "name" | "stuckThresholdSeconds">,
  stuck: readonly StuckEntry[],
): string {
  const base = stuckAlarmBaseDescription(workshop);
  if (stuck.length === 0) return base;
  let text = `${base}. Stuck (${stuck.length}):`;
  for (const [i, entry] of stuck.entries()) {
    const next = `${i === 0 ? " " : "; "}${entryText(entry)}`;
    const left = stuck.length - i - 1;
    // Room for this entry and, if any are left after it, for the count of those.
    const tail = left > 0 ? `; and ${left} more`.length : 0;
    if (text.length + next.length + tail > MAX_ALARM_DESCRIPTION_LENGTH) {
      return clip(`${text}; and ${stuck.length - i} more`);
    }
    text += next;
  }
  return text;
}

function entryText(e: StuckEntry): string {
  const since = new Date(e.since).toISOString().replace(/\.\d{3}Z$/, "Z");
  return `${e.who}: ${e.loadBalancer} ${e.target} ${e.state} since ${since}`;
}

/** A workshop name near its own limit could leave no room even for the count: never exceed CloudWatch's. */
function clip(text: string): string {
  return text.length <= MAX_ALARM_DESCRIPTION_LENGTH
    ? text
    : `${text.slice(0, MAX_ALARM_DESCRIPTION_LENGTH - 1)}…`;
}
