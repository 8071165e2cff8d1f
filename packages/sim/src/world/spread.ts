import type { SeededRandom } from "../random.ts";
import type { SpreadSeconds } from "../scenario/schema.ts";

/**
 * Seconds drawn from a {@link SpreadSeconds}: the number itself when pinned, otherwise a
 * triangular draw between `min` and `max` peaking at `mode` — a shape that needs only the three
 * figures public reports give (shortest, usual, longest) and never strays outside them.
 */
export function drawSeconds(spread: SpreadSeconds, random: SeededRandom): number {
  if (typeof spread === "number") return spread;
  const { min, mode, max } = spread;
  if (max === min) return min;
  const u = random.next();
  const split = (mode - min) / (max - min);
  return u < split
    ? min + Math.sqrt(u * (max - min) * (mode - min))
    : max - Math.sqrt((1 - u) * (max - min) * (max - mode));
}
