// Stuck targets, longest first, each with AWS's reason and what to check.
import type { Board } from "./board.ts";
import { advanced, formatDuration } from "./format.ts";
import { STATE_LABELS } from "./labels.ts";
import { Mark } from "./marks.tsx";

export function StuckList({
  stuck,
  elapsed,
  threshold,
}: {
  stuck: Board["stuck"];
  elapsed: number;
  threshold: number;
}) {
  return (
    <section class="panel stuck" aria-labelledby="stuck-title">
      <h2 id="stuck-title">
        Stuck <span class="count">{stuck.length}</span>
        <span class="muted small"> not healthy for over {formatDuration(threshold)}</span>
      </h2>
      {stuck.length === 0 ? (
        <p class="muted">Nobody is stuck.</p>
      ) : (
        <ol class="stuck-list" data-testid="stuck-list">
          {stuck.map((item) => (
            <li
              key={`${item.participantId}|${item.loadBalancer}|${item.targetId}|${item.port}`}
              data-participant={item.participantId}
            >
              <div class="stuck-head">
                <strong class="who">
                  {item.label ?? item.accountId ?? item.cluster ?? item.loadBalancer}
                </strong>
                <span class="stuck-time">{formatDuration(advanced(item.stuckSeconds, elapsed))}</span>
              </div>
              <div class="stuck-what">
                <Mark state={item.state} /> {item.targetType} target {item.targetId}:{item.port}{" "}
                <span class="state">{STATE_LABELS[item.state]}</span>
                {item.reason && <code class="reason">{item.reason}</code>}
                <span class="muted"> on {item.loadBalancer}</span>
              </div>
              <p class="hint">{item.hint}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
