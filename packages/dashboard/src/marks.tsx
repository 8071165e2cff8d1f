// A target as a mark whose shape and colour both tell its state, with the state in words too.
import type { BoardTarget, TargetState } from "./board.ts";
import { STATE_LABELS } from "./labels.ts";

/** One shape per state, so the marks read without colour (and on a washed-out projector). */
const SHAPES: Readonly<Record<TargetState, string>> = {
  healthy: "M5 0.5a4.5 4.5 0 1 1 0 9a4.5 4.5 0 1 1 0-9z",
  initial: "M5 0.5a4.5 4.5 0 0 1 0 9zM5 1.7a3.3 3.3 0 0 0 0 6.6v1.2a4.5 4.5 0 0 1 0-9z",
  unhealthy: "M1.2 2.6l1.4-1.4L5 3.6l2.4-2.4 1.4 1.4L6.4 5l2.4 2.4-1.4 1.4L5 6.4 2.6 8.8 1.2 7.4 3.6 5z",
  "unhealthy.draining": "M0.5 1.5h9L5 9.5z",
  draining: "M0.5 1.5h9L5 9.5zM2.6 2.7L5 7l2.4-4.3z",
  unused: "M5 0.5L9.5 5 5 9.5 0.5 5zM5 2.2L2.2 5 5 7.8 7.8 5z",
  unavailable: "M1 1h8v8H1z",
};

/** A state's mark; `label` names it for screen readers, or it is decoration beside words. */
export function Mark({ state, label }: { state: TargetState; label?: string }) {
  return (
    <svg
      class={`mark state-${state.replace(".", "-")}`}
      viewBox="0 0 10 10"
      role={label ? "img" : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : "true"}
    >
      {label && <title>{label}</title>}
      <path d={SHAPES[state]} fill-rule="evenodd" />
    </svg>
  );
}

const describe = (target: BoardTarget) =>
  `${target.id}:${target.port} ${STATE_LABELS[target.state]}${target.reason ? ` (${target.reason})` : ""}`;

/**
 * A participant's targets as marks in one SVG (one per row, not per target: hundreds of SVG roots
 * are what a first render of a big class spends its time on), then the counts in words:
 * "2 healthy · 1 initial". The marks' label names every target and its state. A plain function,
 * not a component: one per row.
 */
export function targetMarks(targets: BoardTarget[], byState: Partial<Record<TargetState, number>>) {
  const counts = Object.entries(byState).filter(([, n]) => (n ?? 0) > 0);
  return (
    <div class="targets">
      {targets.length > 0 && (
        <svg
          class="marks"
          viewBox={`0 0 ${targets.length * 12 - 2} 10`}
          style={{ width: `${targets.length * 1.2 - 0.2}em` }}
          role="img"
          aria-label={targets.map(describe).join(", ")}
        >
          {targets.map((target, i) => (
            <path
              key={`${target.id}:${target.port}`}
              class={`state-${target.state.replace(".", "-")}`}
              transform={i ? `translate(${i * 12} 0)` : undefined}
              d={SHAPES[target.state]}
              fill-rule="evenodd"
            />
          ))}
        </svg>
      )}
      <span class="target-text">
        {counts.length === 0
          ? "no targets"
          : counts.map(([state, n]) => `${n} ${STATE_LABELS[state as TargetState]}`).join(" · ")}
      </span>
    </div>
  );
}

/** The legend of the marks. */
export function MarkLegend() {
  const states: TargetState[] = ["healthy", "initial", "unhealthy", "draining", "unused", "unavailable"];
  return (
    <ul class="legend mark-legend" aria-label="Target states">
      {states.map((state) => (
        <li key={state}>
          <Mark state={state} /> {STATE_LABELS[state]}
        </li>
      ))}
    </ul>
  );
}
