/**
 * Scenario times are seconds from the start, written either as a number (`90`) or as a duration
 * people read at a glance (`"90s"`, `"4m"`, `"1m30s"`, `"1h"`).
 */
const DURATION = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/;

/** Seconds, or `undefined` when `text` is not a duration. */
export function parseDurationSeconds(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === "") return undefined;
  const [, h = "0", m = "0", s = "0"] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}
