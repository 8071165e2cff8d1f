// Which participants the table shows, in which order and groups: pure, so it is unit-tested.

import { STAGES } from "@targetwatch/core/model";
import { compareLabels } from "@targetwatch/core/rules";
import type { BoardParticipant, Stage } from "./board.ts";

export const SORT_KEYS = [
  "participant",
  "cluster",
  "loadBalancer",
  "mode",
  "stage",
  "targets",
  "stageTime",
  "timeToHealthy",
] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type Direction = "ascending" | "descending";

export interface RowQuery {
  stage: Stage | "all";
  stuckOnly: boolean;
  /** Matches label, account, cluster or NLB name, case-insensitively. */
  text: string;
  sort: { key: SortKey; direction: Direction };
  grouped: boolean;
}

/** Least advanced first, longest in their stage first within a stage: who needs help. */
export const DEFAULT_QUERY: RowQuery = {
  stage: "all",
  stuckOnly: false,
  text: "",
  sort: { key: "stage", direction: "ascending" },
  grouped: true,
};

export interface RowGroup {
  group: string | null;
  rows: BoardParticipant[];
}

/** What a participant is called: their label, else their account, else their cluster or NLB. */
export function participantName(p: BoardParticipant): string {
  return p.label ?? p.accountId ?? p.cluster ?? p.loadBalancer?.name ?? p.id;
}

const STAGE_RANK = new Map<Stage, number>(STAGES.map((stage, i) => [stage, i]));

type SortValue = string | number | null;

const SORT_VALUE: Readonly<Record<SortKey, (p: BoardParticipant) => SortValue>> = {
  participant: participantName,
  cluster: (p) => p.cluster,
  loadBalancer: (p) => p.loadBalancer?.name ?? null,
  mode: (p) => (p.loadBalancer ? p.mode : null),
  stage: (p) => STAGE_RANK.get(p.stage) ?? 0,
  targets: (p) => p.targetsByState.healthy ?? 0,
  stageTime: (p) => p.stageSeconds,
  timeToHealthy: (p) => p.timeToHealthySeconds,
};

function compareValues(a: SortValue, b: SortValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return compareLabels(String(a), String(b));
}

/** Sorts by the key; unknown values last in both directions; ties by name, so order is stable. */
function comparator(sort: RowQuery["sort"]): (a: BoardParticipant, b: BoardParticipant) => number {
  const value = SORT_VALUE[sort.key];
  const sign = sort.direction === "ascending" ? 1 : -1;
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else {
      const order = compareValues(x, y);
      if (order !== 0) return sign * order;
    }
    // Within a stage, the one waiting longest first.
    if (sort.key === "stage") {
      const waited = (b.stageSeconds ?? -1) - (a.stageSeconds ?? -1);
      if (waited !== 0) return waited;
    }
    return compareLabels(participantName(a), participantName(b)) || compareLabels(a.id, b.id);
  };
}

function matches(p: BoardParticipant, query: RowQuery): boolean {
  if (query.stage !== "all" && p.stage !== query.stage) return false;
  if (query.stuckOnly && p.stuck === 0) return false;
  const text = query.text.trim().toLowerCase();
  if (!text) return true;
  return [p.label, p.accountId, p.cluster, p.loadBalancer?.name, p.id].some((field) =>
    field?.toLowerCase().includes(text),
  );
}

/**
 * The rows to show: filtered, sorted, and grouped by label prefix when asked and when any
 * participant has one (groups in label order, the ungrouped last); otherwise one group.
 */
export function visibleRows(participants: readonly BoardParticipant[], query: RowQuery): RowGroup[] {
  const rows = participants.filter((p) => matches(p, query)).sort(comparator(query.sort));
  if (!query.grouped || !participants.some((p) => p.group)) return [{ group: null, rows }];
  const groups = new Map<string | null, BoardParticipant[]>();
  for (const row of rows) {
    const members = groups.get(row.group) ?? [];
    members.push(row);
    groups.set(row.group, members);
  }
  return [...groups.entries()]
    .map(([group, members]) => ({ group, rows: members }))
    .sort((a, b) => (a.group === null ? 1 : b.group === null ? -1 : compareLabels(a.group, b.group)));
}
