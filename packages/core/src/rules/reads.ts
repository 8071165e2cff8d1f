import type { NlbSnapshot, ReadInterval } from "../model/snapshot.ts";
import type { NlbState } from "../model/state.ts";

/** A read sent and answered at one instant: what tests and hand-made snapshots mean by "seen at". */
export function instant(at: number): ReadInterval {
  return { sentAt: at, receivedAt: at };
}

/** `read` as an interval (a number is {@link instant}), checked: finite, sent before answered. */
export function readInterval(read: ReadInterval | number): ReadInterval {
  const interval = typeof read === "number" ? instant(read) : read;
  const { sentAt, receivedAt } = interval;
  if (!Number.isFinite(sentAt) || !Number.isFinite(receivedAt) || sentAt > receivedAt) {
    throw new RangeError(
      `A read is sent before it is answered, at finite times: got [${sentAt}, ${receivedAt}]`,
    );
  }
  return interval;
}

/** Every read a diff of `snapshot` rests on: the NLB's own (when given) and each target group's. */
export function readsOf(snapshot: NlbSnapshot | undefined, read: ReadInterval | undefined): ReadInterval[] {
  const reads = read ? [read] : [];
  for (const group of snapshot?.targetGroups ?? []) if (group.read) reads.push(group.read);
  return reads;
}

/** The latest answer a state reflects: the overlap guard's reference. */
export function stateReceivedAt(state: NlbState): number {
  return state.lastReceivedAt ?? state.lastSeenAt;
}

/**
 * Whether reads are older than a stored state, so a write based on them must be refused: one of
 * them was sent before the latest answer the state reflects. Such a read may have been served
 * before the stored one (their intervals overlap), and diffing it against the newer state would
 * invent a change back (`healthy → draining` then `draining → healthy`). Consecutive reads of one
 * collector never overlap, so only an overlapping sweep is refused.
 */
export function isOlderThan(state: NlbState | undefined, reads: readonly ReadInterval[]): boolean {
  if (!state) return false;
  const reference = stateReceivedAt(state);
  return reads.some((read) => read.sentAt < reference);
}

/** An NLB's id, the last part of its ARN (`…:loadbalancer/net/<name>/<id>`): a short key that names it. */
export function nlbId(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}
