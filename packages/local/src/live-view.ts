import type { TargetState } from "@targetwatch/core/model";
import type { LoadBalancerDetailView, StatsView, WorkshopView } from "@targetwatch/core/queries";

/** What one screen of `npm start` shows: the workshops and their NLBs as the API sees them. */
export interface DashboardData {
  /** Simulated (or real) time of the view. */
  now: number;
  /** Seconds since the scenario started, when simulated. */
  elapsedSeconds?: number;
  apiUrl: string;
  token: string;
  workshops: { workshop: WorkshopView; stats: StatsView; loadBalancers: LoadBalancerDetailView[] }[];
  /** The latest lines of what happened (world events, sweeps, alarms). */
  recent: string[];
}

/** Where each state goes in a row: healthy first, then what a facilitator waits on. Every state has one. */
const STATE_RANK = {
  healthy: 0,
  initial: 1,
  unhealthy: 2,
  draining: 3,
  "unhealthy.draining": 4,
  unused: 5,
  unavailable: 6,
} satisfies Record<TargetState, number>;
const rankOf = (state: string): number => STATE_RANK[state as TargetState] ?? -1;

/**
 * The live terminal view, as text: one block per workshop (alarm state, last sweep), one row per
 * NLB (cluster, service, mode, targets by state, time to healthy, stuck), then recent events.
 * Pure, so it is tested as a string.
 */
export function renderDashboard(data: DashboardData, width = 110): string {
  const lines: string[] = [];
  const clock = new Date(data.now).toISOString().replace("T", " ").slice(0, 19);
  const elapsed = data.elapsedSeconds === undefined ? "" : ` (t+${formatDuration(data.elapsedSeconds)})`;
  lines.push(`targetwatch — ${clock} UTC${elapsed}    API ${data.apiUrl}   token ${data.token}`);
  for (const { workshop, stats, loadBalancers } of data.workshops) {
    const alarm = workshop.alarm ? `alarm ${workshop.alarm.state}` : "no alarm";
    const sweep =
      workshop.summary.lastSweepAgeSeconds === null
        ? "no sweep yet"
        : `last sweep ${formatDuration(workshop.summary.lastSweepAgeSeconds)} ago`;
    const errors = workshop.summary.lastSweepErrors.length
      ? `, ${workshop.summary.lastSweepErrors.length} errors`
      : "";
    lines.push("");
    lines.push(
      `workshop ${workshop.id} — ${workshop.summary.loadBalancers} NLBs, ${workshop.summary.targets} targets, ` +
        `${workshop.summary.stuck} stuck — ${alarm} — ${sweep}${errors}`,
    );
    const ttl = Object.entries(stats.timeToHealthy)
      .filter(([, s]) => s.count > 0)
      .map(
        ([type, s]) => `${type} p50 ${round(s.p50)}s p90 ${round(s.p90)}s max ${round(s.max)}s (${s.count})`,
      );
    if (ttl.length) lines.push(`  time to healthy: ${ttl.join("; ")}`);
    const rows = loadBalancers.map((lb) => [
      lb.cluster ?? "-",
      lb.service ?? "-",
      lb.mode,
      targetsByState(lb.targetsByState),
      timeToHealthy(lb),
      lb.stuck > 0 ? `${lb.stuck} STUCK` : "0",
      lb.lastError ? `error: ${lb.lastError.message}` : lb.name,
    ]);
    lines.push(
      ...table(["cluster", "service", "mode", "targets", "to healthy", "stuck", "NLB"], rows, width),
    );
  }
  if (data.workshops.length === 0) lines.push("", "no workshop yet");
  if (data.recent.length) {
    lines.push("", "recent:");
    for (const line of data.recent) lines.push(`  ${truncate(line, width - 2)}`);
  }
  return `${lines.join("\n")}\n`;
}

function targetsByState(byState: Record<string, number>): string {
  const parts = Object.entries(byState)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => rankOf(a) - rankOf(b))
    .map(([state, n]) => `${n} ${state}`);
  return parts.length ? parts.join(", ") : "none";
}

function timeToHealthy(lb: LoadBalancerDetailView): string {
  const values = lb.targets.map((t) => t.timeToHealthySeconds).filter((v): v is number => v !== null);
  if (values.length === 0) return "-";
  const min = Math.round(Math.min(...values));
  const max = Math.round(Math.max(...values));
  return min === max ? `${min}s` : `${min}–${max}s`;
}

function round(value: number | undefined): string {
  return value === undefined ? "-" : String(Math.round(value));
}

function table(header: string[], rows: string[][], width: number): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return all.map((r) =>
    truncate(`  ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")}`.trimEnd(), width),
  );
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}
