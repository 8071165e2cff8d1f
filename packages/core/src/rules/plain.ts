// Small helpers for the plain data the rules build. Internal: not re-exported from the index.

/**
 * A copy of `value` without the keys whose value is `undefined`. Persisted records stay
 * free of `undefined` (the DynamoDB marshaller rejects it unless told otherwise) and two
 * records that mean the same thing have the same shape.
 */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Structural equality of plain data (objects, arrays, primitives); a key holding `undefined`
 * equals a missing key.
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (!deepEqual(left[key], right[key])) return false;
  }
  return true;
}

/** Orders strings by UTF-16 code units: locale-independent, so sorting is deterministic everywhere. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
