// Small hand-written SVG charts: time to healthy per mode, and the class's stages over time.
import { STAGES } from "@targetwatch/core/model";
import type { Board, Stage, StageCounts, TimeToHealthy } from "./board.ts";
import { formatClock, formatDuration } from "./format.ts";
import { STAGE_LABELS } from "./labels.ts";

// SVG text scales with the chart, so each chart's user space is about the size it is drawn at
// (half a panel for a histogram, a whole one for the progress), keeping labels readable.
const PAD = { left: 34, right: 26, top: 10, bottom: 28 };

function frame(width: number, height: number) {
  return { W: width, H: height, plotW: width - PAD.left - PAD.right, plotH: height - PAD.top - PAD.bottom };
}
const HISTOGRAM = frame(300, 170);
const PROGRESS = frame(600, 220);

/** Bars of the time-to-healthy histogram of one mode, with its p50 / p90 in words. */
export function Histogram({ mode, stats }: { mode: "instance" | "ip"; stats: TimeToHealthy }) {
  const { W, H, plotW, plotH } = HISTOGRAM;
  const bins = stats.histogram;
  const most = Math.max(1, ...bins.map((bin) => bin.count));
  const barW = bins.length ? plotW / bins.length : plotW;
  const summary =
    stats.count === 0
      ? `no ${mode} target healthy yet`
      : `${stats.count} ${mode} targets, median ${formatDuration(stats.p50)}, p90 ${formatDuration(stats.p90)}, max ${formatDuration(stats.max)}`;
  return (
    <figure class="chart histogram" data-testid={`histogram-${mode}`}>
      <figcaption>
        <strong>{mode === "ip" ? "IP mode" : "Instance mode"}</strong> <span class="muted">{summary}</span>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Time to healthy, ${mode} mode: ${summary}`}>
        <line class="axis" x1={PAD.left} y1={PAD.top + plotH} x2={PAD.left + plotW} y2={PAD.top + plotH} />
        <text class="tick" x={PAD.left - 6} y={PAD.top + 10} text-anchor="end">
          {most}
        </text>
        <text class="tick" x={PAD.left - 6} y={PAD.top + plotH} text-anchor="end">
          0
        </text>
        {bins.map((bin, i) => {
          const h = (bin.count / most) * plotH;
          return (
            <rect
              key={bin.fromSeconds}
              class={`bar mode-${mode}`}
              x={PAD.left + i * barW + 1}
              y={PAD.top + plotH - h}
              width={Math.max(1, barW - 2)}
              height={h}
            >
              <title>{`${formatDuration(bin.fromSeconds)}–${formatDuration(bin.toSeconds)}: ${bin.count}`}</title>
            </rect>
          );
        })}
        {bins.map((bin, i) =>
          i % Math.ceil(bins.length / 4) === 0 ? (
            <text
              key={`t${bin.fromSeconds}`}
              class="tick"
              x={PAD.left + i * barW}
              y={H - 8}
              text-anchor="middle"
            >
              {formatDuration(bin.fromSeconds)}
            </text>
          ) : null,
        )}
      </svg>
    </figure>
  );
}

/** Stacking order, bottom up: the furthest along at the bottom, so "done" grows from the axis. */
const STACK: readonly Stage[] = [...STAGES].reverse();

/** The outline of one stacked layer: along its top edge in steps, then back along its bottom. */
function layerPath(
  points: { x: number; counts: StageCounts }[],
  index: number,
  y: (n: number) => number,
  endX: number,
): string {
  const below = (counts: StageCounts) => STACK.slice(0, index).reduce((sum, stage) => sum + counts[stage], 0);
  const above = (counts: StageCounts) => below(counts) + counts[STACK[index] as Stage];
  const steps = (level: (counts: StageCounts) => number) =>
    points.flatMap((point, i) => {
      const height = y(level(point.counts));
      return [`${point.x},${height}`, `${points[i + 1]?.x ?? endX},${height}`];
    });
  return `M${steps(above).join(" ")} L${steps(below).reverse().join(" ")}Z`;
}

/** The class's stage counts over time as stacked steps, up to when the board was made. */
export function ProgressChart({
  progress,
  generatedAt,
}: {
  progress: Board["progress"];
  generatedAt: string;
}) {
  if (progress.length === 0) {
    return <p class="muted">No progress recorded yet.</p>;
  }
  const { W, H, plotW, plotH } = PROGRESS;
  const first = Date.parse(progress[0]?.at ?? generatedAt);
  const last = Math.max(Date.parse(generatedAt), Date.parse(progress.at(-1)?.at ?? generatedAt));
  const span = Math.max(1, last - first);
  const total = Math.max(1, ...progress.map((p) => STAGES.reduce((sum, stage) => sum + p.stages[stage], 0)));
  const x = (ms: number) => PAD.left + ((ms - first) / span) * plotW;
  const y = (n: number) => PAD.top + plotH - (n / total) * plotH;
  const points = progress.map((p) => ({ x: x(Date.parse(p.at)), counts: p.stages }));
  const now = progress.at(-1)?.stages as StageCounts;
  const summary = `From ${formatClock(first)} to ${formatClock(last)}; now ${STAGES.map((s) => `${now[s]} ${STAGE_LABELS[s]}`).join(", ")}`;
  return (
    <figure class="chart progress" data-testid="progress-chart">
      <figcaption>
        <strong>Stages over time</strong>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Participants by stage over time. ${summary}`}>
        {STACK.map((stage, index) => (
          <path key={stage} class={`layer stage-${stage}`} d={layerPath(points, index, y, x(last))}>
            <title>{STAGE_LABELS[stage]}</title>
          </path>
        ))}
        <line class="axis" x1={PAD.left} y1={PAD.top + plotH} x2={PAD.left + plotW} y2={PAD.top + plotH} />
        <text class="tick" x={PAD.left - 6} y={PAD.top + 10} text-anchor="end">
          {total}
        </text>
        <text class="tick" x={PAD.left - 6} y={PAD.top + plotH} text-anchor="end">
          0
        </text>
        <text class="tick" x={PAD.left} y={H - 8}>
          {formatClock(first)}
        </text>
        <text class="tick" x={PAD.left + plotW} y={H - 8} text-anchor="end">
          {formatClock(last)}
        </text>
      </svg>
    </figure>
  );
}
