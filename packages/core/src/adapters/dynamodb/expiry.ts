const SECONDS_PER_DAY = 86_400;

/**
 * When a transition item expires: DynamoDB's TTL attribute, in epoch seconds. A transition is
 * kept `retentionDays` after it happened — but never less than `retentionDays` after it is
 * written: DynamoDB deletes items whose TTL has passed (AWS within days, DynamoDB Local within a
 * second), so a transition written after its own retention (a simulated world or a scenario
 * dated in the past, a replay) would otherwise be stored already expired and vanish unseen.
 *
 * @param transitionAt - when the transition happened (epoch ms, any clock: simulated or real).
 * @param writtenAt - the wall clock at the write (epoch ms): DynamoDB compares TTLs with real time.
 *
 * @example
 * transitionExpiresAt(Date.parse("2026-11-27T09:00:00Z"), 30, Date.parse("2026-11-27T09:00:05Z"));
 * // 30 days after 09:00:05, the later of the two
 */
export function transitionExpiresAt(transitionAt: number, retentionDays: number, writtenAt: number): number {
  return Math.floor(Math.max(transitionAt, writtenAt) / 1000) + Math.round(retentionDays * SECONDS_PER_DAY);
}
