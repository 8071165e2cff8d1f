/**
 * Binary search over a sorted array of `length` items: the first index at which `before(index)`
 * is false, for a `before` that holds for a leading run of the items and for none after it
 * (`length` when it holds for all).
 */
export function partitionPoint(length: number, before: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
