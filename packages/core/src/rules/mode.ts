import type { Mode } from "../model/snapshot.ts";

/**
 * The mode of an NLB, from the `TargetType` of each target group attached to it.
 *
 * - no target group → `none`;
 * - one distinct type, `instance` or `ip` → that type;
 * - several distinct types → `mixed` (groups of both types attached, e.g. by two listeners; not
 *   the Load Balancer Controller's switch, which re-points the listener at the new group in place);
 * - a single type that is neither `instance` nor `ip` (`alb`, or `lambda`, which an NLB cannot
 *   even carry) → `mixed` too. {@link Mode} has no member for those kinds, and `none` would claim
 *   there is no target group at all; `mixed` reads as "not a plain instance-or-ip NLB", which is
 *   what a facilitator needs to know. Such a type still counts as its own kind, so
 *   `alb` + `ip` is mixed as well.
 *
 * Duplicates do not matter: two `ip` groups are still `ip`.
 *
 * @example
 * ```ts
 * modeOf([]);                  // "none"
 * modeOf(["instance"]);        // "instance"
 * modeOf(["ip", "ip"]);        // "ip"
 * modeOf(["instance", "ip"]);  // "mixed"
 * ```
 */
export function modeOf(targetTypes: readonly string[]): Mode {
  const kinds = new Set(targetTypes);
  if (kinds.size === 0) return "none";
  if (kinds.size > 1) return "mixed";
  const [only] = kinds;
  return only === "instance" || only === "ip" ? only : "mixed";
}
