// How fresh and trustworthy the data is: alarm, last sweep, sweep errors, unreadable accounts.
import type { Board } from "./board.ts";
import { advanced, formatAge } from "./format.ts";
import { ACCOUNT_STATUS_LABELS, ALARM_LABELS } from "./labels.ts";
import type { Connection } from "./state.ts";

/** A sweep older than this is late: the collector runs every minute. */
const LATE_SWEEP_SECONDS = 180;

export function StatusBar(props: { board: Board; elapsed: number; connection: Connection }) {
  const { board, elapsed, connection } = props;
  const age = advanced(board.sweep.ageSeconds, elapsed);
  const late = age === null || age > LATE_SWEEP_SECONDS;
  const alarm = board.alarm?.state ?? "MISSING";
  return (
    <ul class="status" aria-label="Data status">
      <li class={`chip alarm alarm-${alarm}`} data-testid="alarm" title={board.alarm?.name}>
        <span aria-hidden="true">{alarm === "OK" ? "✓ " : alarm === "ALARM" ? "⚠ " : "? "}</span>
        {ALARM_LABELS[alarm]}
      </li>
      <li class={`chip sweep${late ? " warn" : ""}`} data-testid="sweep-age">
        last sweep {formatAge(age)}
      </li>
      {board.sweep.errors.length > 0 && (
        <li class="chip warn" data-testid="sweep-error-count">
          <span aria-hidden="true">⚠ </span>
          {board.sweep.errors.length} sweep {board.sweep.errors.length === 1 ? "error" : "errors"}
        </li>
      )}
      {board.accounts.problems.length > 0 && (
        <li class="chip warn">
          <span aria-hidden="true">⚠ </span>
          {board.accounts.problems.length} {board.accounts.problems.length === 1 ? "account" : "accounts"}{" "}
          unreadable
        </li>
      )}
      {connection.kind === "failed" && (
        <li class="chip warn" role="status" data-testid="connection">
          {connection.message}: showing the last answer, retrying
        </li>
      )}
    </ul>
  );
}

/** Sweep errors and accounts that cannot be read, when there are any. */
export function Problems({ board }: { board: Board }) {
  const { errors } = board.sweep;
  const { problems } = board.accounts;
  if (errors.length === 0 && problems.length === 0 && !board.sweep.lastGap) return null;
  return (
    <section class="panel problems" aria-labelledby="problems-title">
      <h2 id="problems-title">Problems</h2>
      {problems.length > 0 && (
        <>
          <h3>Accounts that cannot be read</h3>
          <ul data-testid="account-problems">
            {problems.map((problem) => (
              <li key={problem.accountId}>
                <strong>{problem.label ?? problem.accountId}</strong>
                {problem.label && <span class="muted"> {problem.accountId}</span>}:{" "}
                {ACCOUNT_STATUS_LABELS[problem.status]}
                {problem.message && <span class="muted"> — {problem.message}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {errors.length > 0 && (
        <>
          <h3>Errors in the last sweep</h3>
          <ul data-testid="sweep-errors">
            {errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        </>
      )}
      {board.sweep.lastGap && (
        <p>
          No data between {new Date(board.sweep.lastGap.from).toLocaleTimeString()} and{" "}
          {new Date(board.sweep.lastGap.to).toLocaleTimeString()}.
        </p>
      )}
    </section>
  );
}
