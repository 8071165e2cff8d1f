// Participants' labels such as "Table 3 – Alice": the part before the separator groups them.

/** Separators between a label's group and the rest, earliest occurrence wins. */
const SEPARATORS = [" – ", " — ", " - ", ":", "/"];

/**
 * The group a label names before a separator (` – `, ` — `, ` - `, `:`, `/`), trimmed; undefined
 * for a label without one (or without text before it).
 *
 * @example
 * ```ts
 * labelGroup("Table 3 – Alice"); // "Table 3"
 * labelGroup("Room B/12");       // "Room B"
 * labelGroup("Alice");           // undefined
 * ```
 */
export function labelGroup(label: string | null | undefined): string | undefined {
  if (!label) return undefined;
  let cut = -1;
  for (const separator of SEPARATORS) {
    const index = label.indexOf(separator);
    if (index >= 0 && (cut < 0 || index < cut)) cut = index;
  }
  if (cut < 0) return undefined;
  return label.slice(0, cut).trim() || undefined;
}

/**
 * Orders labels as people read them: runs of digits by their value ("Table 2" before
 * "Table 10"), letters case-insensitively, then by code units so the order is total and the
 * same everywhere (no locale).
 */
export function compareLabels(a: string, b: string): number {
  const left = a.toLowerCase().match(/\d+|\D+/g) ?? [];
  const right = b.toLowerCase().match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i] as string;
    const y = right[i] as string;
    if (x === y) continue;
    const numeric = /^\d/.test(x) && /^\d/.test(y);
    if (numeric && Number(x) !== Number(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return left.length - right.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Items of one label group; `group` undefined for those whose label names none. */
export interface LabelGroup<T> {
  group: string | undefined;
  items: T[];
}

/**
 * Items grouped by their label's group (see {@link labelGroup}), groups in label order
 * ({@link compareLabels}), the ungrouped last; items keep their order within a group.
 */
export function groupByLabel<T>(
  items: readonly T[],
  labelOf: (item: T) => string | null | undefined,
): LabelGroup<T>[] {
  const groups = new Map<string | undefined, T[]>();
  for (const item of items) {
    const group = labelGroup(labelOf(item));
    const members = groups.get(group) ?? [];
    members.push(item);
    groups.set(group, members);
  }
  return [...groups.entries()]
    .map(([group, members]) => ({ group, items: members }))
    .sort((a, b) =>
      a.group === undefined ? 1 : b.group === undefined ? -1 : compareLabels(a.group, b.group),
    );
}
