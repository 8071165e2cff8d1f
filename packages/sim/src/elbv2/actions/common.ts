/** An empty list filters nothing, like an absent one. */
export function nonEmpty(list: string[] | undefined): string[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

/**
 * The items whose key is wanted, in the model's order (so pages stay stable); calls `onMissing`
 * with the wanted keys that matched nothing, in the order they were asked for.
 */
export function select<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  wanted: readonly string[],
  onMissing: (missing: string[]) => never,
): T[] {
  const want = new Set(wanted);
  const found = new Set<string>();
  const selected = items.filter((item) => {
    const key = keyOf(item);
    if (!want.has(key)) return false;
    found.add(key);
    return true;
  });
  if (found.size < want.size) onMissing([...want].filter((key) => !found.has(key)));
  return selected;
}
