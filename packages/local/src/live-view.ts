import { STAGES } from "@targetwatch/core/model";
import type { LoadBalancerDetailView, StatsView, WorkshopView } from "@targetwatch/core/queries";
import { orderRows, rowCells, rowHeader, STAGE_LABELS, stageCounts, stuckLine } from "./live-view-rows.ts";
import { formatDuration, pack, plural, table, truncate } from "./live-view-text.ts";

export { formatDuration } from "./live-view-text.ts";

/** One workshop as the live view shows it: as the API answers for it. */
export interface WorkshopScreen {
  workshop: WorkshopView;
  stats: StatsView;
  loadBalancers: LoadBalancerDetailView[];
}

/** What one screen of `npm start` shows: the workshops and their NLBs as the API sees them. */
export interface LiveViewData {
  /** Simulated (or real) time of the view. */
  now: number;
  /** Seconds since the scenario started, when simulated. */
  elapsedSeconds?: number;
  apiUrl: string;
  token: string;
  /** The simulator's URL (its control API is under `/_sim`), when simulating. */
  simulatorUrl?: string;
  workshops: WorkshopScreen[];
  /** What happened lately, collapsed (see `collapseEvents`), oldest first. */
  recent: string[];
}

/** The terminal's size in characters. */
export interface ScreenSize {
  columns: number;
  rows: number;
}

/** From this many columns on, rows also name the service, the account and the NLB. */
const WIDE_COLUMNS = 120;

/**
 * The live view as the lines of one screen: at most `size.rows` lines of at most `size.columns`
 * characters, so that a terminal never scrolls or wraps and the header stays where it is. From
 * the top: the header (clock, API and token, simulator; per workshop its totals, modes, stages,
 * time to healthy, alarm and the age of its data), the stuck targets by name, the NLBs — stuck
 * ones first, then by participant — and the recent events last. What does not fit is cut with a
 * line saying how much (`… 12 more`), rows first, then stuck lines, then recent events.
 */
export function renderLiveView(data: LiveViewData, size: ScreenSize): string[] {
  const width = Math.max(1, size.columns);
  const height = Math.max(1, size.rows);
  const wide = width >= WIDE_COLUMNS;
  const header = [...titleLines(data, width), ...data.workshops.flatMap((w) => workshopLines(w, width))];
  if (data.workshops.length === 0) header.push("no workshop yet");

  const stuck = data.workshops.flatMap((w) =>
    w.stats.stuckTargets.map((t) => truncate(stuckLine(t, wide, w.workshop.accounts), width)),
  );
  const several = data.workshops.length > 1;
  const rows = data.workshops.flatMap((w) =>
    orderRows(w.loadBalancers, w.workshop.accounts).map((lb) =>
      rowCells(lb, wide, several ? w.workshop.id : undefined, w.workshop.accounts),
    ),
  );
  const recent = data.recent.map((line) => truncate(`  ${line}`, width));

  // Budgets, in the order things give way: the header never does (but for a tiny terminal).
  let free = height - header.length;
  const recentShown = Math.min(recent.length, Math.max(0, Math.min(height >= 40 ? 8 : 3, free - 3)));
  free -= recentShown ? recentShown + 1 : 0;
  const stuckShown = cut(stuck, Math.min(free - 2, Math.max(3, Math.floor(height / 6))), "stuck");
  free -= stuckShown.length;
  const tableShown = rows.length === 0 || free < 2 ? [] : tableLines(rows, rowHeader(wide), free, width);

  const lines = [
    ...header,
    ...stuckShown,
    ...tableShown,
    ...(recentShown ? ["recent:", ...recent.slice(-recentShown)] : []),
  ];
  return lines.slice(0, height).map((line) => truncate(line, width));
}

/** The whole screen as text, one line per row: what a test or a log compares. */
export function renderLiveViewText(data: LiveViewData, size: ScreenSize): string {
  return `${renderLiveView(data, size).join("\n")}\n`;
}

/** The first `budget` lines, the last of them `… N more <what>` when some are left out. */
function cut(lines: readonly string[], budget: number, what: string): string[] {
  if (budget <= 0) return [];
  if (lines.length <= budget) return [...lines];
  const kept = lines.slice(0, budget - 1);
  return [...kept, `… ${lines.length - kept.length} more ${what}`];
}

function tableLines(rows: string[][], header: string[], budget: number, width: number): string[] {
  const fits = rows.length + 1 <= budget;
  const kept = fits ? rows : rows.slice(0, budget - 2);
  const lines = table([header, ...kept], width);
  return fits ? lines : [...lines, `… ${rows.length - kept.length} more`];
}

function titleLines(data: LiveViewData, width: number): string[] {
  const clock = new Date(data.now).toISOString().replace("T", " ").slice(0, 19);
  return pack(
    [
      `targetwatch ${clock} UTC`,
      data.elapsedSeconds === undefined ? "" : `t+${formatDuration(data.elapsedSeconds)}`,
      `API ${data.apiUrl}`,
      `token ${data.token}`,
      data.simulatorUrl ? `simulator ${data.simulatorUrl}` : "",
    ],
    width,
  );
}

/**
 * A workshop's totals: targets, stuck, alarm, data age; NLBs by mode; participants by stage; time
 * to healthy per target type (p50/p90/max and how many).
 */
function workshopLines({ workshop, stats, loadBalancers }: WorkshopScreen, width: number): string[] {
  const summary = workshop.summary;
  const stages = stageCounts(loadBalancers, workshop.accounts);
  const participants = STAGES.reduce((n, stage) => n + stages[stage], 0);
  const totals = [
    `workshop ${workshop.id}`,
    plural(summary.targets, "target"),
    summary.stuck > 0 ? `${summary.stuck} STUCK` : "0 stuck",
    workshop.alarm ? `alarm ${workshop.alarm.state}` : "no alarm",
    summary.lastSweepAgeSeconds === null
      ? "no sweep yet"
      : `data ${formatDuration(summary.lastSweepAgeSeconds)} old`,
    summary.lastSweepErrors.length ? plural(summary.lastSweepErrors.length, "error") : "",
  ];
  const modes = Object.entries(stats.modes)
    .filter(([, n]) => n > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([mode, n]) => `${n} ${mode}`);
  const byStage = [...STAGES]
    .reverse()
    .filter((stage) => stages[stage] > 0)
    .map((stage) => `${stages[stage]} ${STAGE_LABELS[stage]}`);
  const timeToHealthy = Object.entries(stats.timeToHealthy)
    .filter(([, s]) => s.count > 0)
    .map(([type, s]) => `${type} ${round(s.p50)}/${round(s.p90)}/${round(s.max)}s (${s.count})`);
  return [
    ...pack(totals, width, "  "),
    ...pack(
      [
        `${plural(summary.loadBalancers, "NLB")}: ${modes.join(", ") || "none"}`,
        participants ? `${plural(participants, "participant")}: ${byStage.join(", ")}` : "",
      ],
      width,
      "  ",
    ).map((line, i) => (i === 0 ? `  ${line}` : line)),
    truncate(`  to healthy p50/p90/max: ${timeToHealthy.join(" · ") || "none yet"}`, width),
  ];
}

function round(value: number | undefined): string {
  return value === undefined ? "-" : String(Math.round(value));
}
