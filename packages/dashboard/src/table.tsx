// Every participant as a row: sortable by any column, filterable, grouped by label prefix.
import { STAGES } from "@targetwatch/core/model";
import { useMemo, useState } from "preact/hooks";
import type { BoardParticipant, Stage, StageCounts } from "./board.ts";
import { advanced, formatDuration } from "./format.ts";
import { ACCOUNT_STATUS_LABELS, STAGE_LABELS } from "./labels.ts";
import { MarkLegend, targetMarks } from "./marks.tsx";
import { DEFAULT_QUERY, participantName, type RowQuery, type SortKey, visibleRows } from "./rows.ts";

const COLUMNS: { key: SortKey; title: string; numeric?: boolean }[] = [
  { key: "participant", title: "Participant" },
  { key: "cluster", title: "Cluster" },
  { key: "loadBalancer", title: "NLB" },
  { key: "mode", title: "Mode" },
  { key: "stage", title: "Stage" },
  { key: "targets", title: "Targets" },
  { key: "stageTime", title: "In stage", numeric: true },
  { key: "timeToHealthy", title: "To healthy", numeric: true },
];

function Filters(props: {
  query: RowQuery;
  onChange: (query: RowQuery) => void;
  stages: StageCounts;
  hasGroups: boolean;
}) {
  const { query, onChange, stages, hasGroups } = props;
  return (
    <form class="filters" onSubmit={(event) => event.preventDefault()} aria-label="Filter participants">
      {/* Labels point at their controls rather than wrap them: a wrapped select or text box would
          add its options or text to its own accessible name. */}
      <span class="field">
        <label for="filter-stage">Stage</label>
        <select
          id="filter-stage"
          data-testid="filter-stage"
          value={query.stage}
          onChange={(event) => onChange({ ...query, stage: event.currentTarget.value as Stage | "all" })}
        >
          <option value="all">All stages</option>
          {STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {STAGE_LABELS[stage]} ({stages[stage]})
            </option>
          ))}
        </select>
      </span>
      <span class="field">
        <input
          id="filter-stuck"
          type="checkbox"
          data-testid="filter-stuck"
          checked={query.stuckOnly}
          onChange={(event) => onChange({ ...query, stuckOnly: event.currentTarget.checked })}
        />
        <label for="filter-stuck">Stuck only</label>
      </span>
      <span class="field">
        <label for="filter-text">Account, label or cluster</label>
        <input
          id="filter-text"
          type="search"
          data-testid="filter-text"
          value={query.text}
          onInput={(event) => onChange({ ...query, text: event.currentTarget.value })}
        />
      </span>
      {hasGroups && (
        <span class="field">
          <input
            id="group-toggle"
            type="checkbox"
            data-testid="group-toggle"
            checked={query.grouped}
            onChange={(event) => onChange({ ...query, grouped: event.currentTarget.checked })}
          />
          <label for="group-toggle">Group by table</label>
        </span>
      )}
    </form>
  );
}

function SortHeader(props: {
  column: (typeof COLUMNS)[number];
  query: RowQuery;
  onSort: (key: SortKey) => void;
}) {
  const { column, query, onSort } = props;
  const active = query.sort.key === column.key;
  return (
    <th
      scope="col"
      aria-sort={active ? query.sort.direction : "none"}
      class={column.numeric ? "numeric" : undefined}
    >
      <button type="button" onClick={() => onSort(column.key)} data-testid={`sort-${column.key}`}>
        {column.title}
        <span class="sort-mark" aria-hidden="true">
          {/* A no-break space keeps the mark with the title's last word when the header wraps. */}
          {active ? (query.sort.direction === "ascending" ? "\u00a0▲" : "\u00a0▼") : "\u00a0↕"}
        </span>
      </button>
    </th>
  );
}

/**
 * One participant. Lean on purpose: 200 of these are most of a first render's work, so it is a
 * plain function building the row's elements, not a component (no instance, hooks or diff
 * bookkeeping per row).
 */
function row(p: BoardParticipant, elapsed: number) {
  const unreadable = p.accountStatus && p.accountStatus !== "ok";
  return (
    <tr key={p.id} data-participant={p.id} data-stage={p.stage} class={p.stuck > 0 ? "is-stuck" : undefined}>
      <th scope="row" class="who">
        {participantName(p)}
        {p.label && p.accountId && <span class="sub muted">{p.accountId}</span>}
        {unreadable && (
          <span class="sub warn-text">{`⚠ ${ACCOUNT_STATUS_LABELS[p.accountStatus ?? "error"]}`}</span>
        )}
        {p.lastError && <span class="sub warn-text">{`⚠ ${p.lastError}`}</span>}
      </th>
      <td>{p.cluster ?? "–"}</td>
      <td class="nlb">{p.loadBalancer?.name ?? "–"}</td>
      <td>{p.loadBalancer ? p.mode : "–"}</td>
      {/* The stage's swatch is the cell's ::before, coloured by the row's data-stage. */}
      <td class="stage-cell">
        {STAGE_LABELS[p.stage]}
        {p.stuck > 0 && <span class="stuck-badge">{`⚠ ${p.stuck} stuck`}</span>}
      </td>
      <td>{p.loadBalancer ? targetMarks(p.targets, p.targetsByState) : "–"}</td>
      <td class="numeric">{formatDuration(advanced(p.stageSeconds, elapsed))}</td>
      <td class="numeric">{formatDuration(p.timeToHealthySeconds)}</td>
    </tr>
  );
}

export function ParticipantsTable(props: {
  participants: BoardParticipant[];
  stages: StageCounts;
  elapsed: number;
}) {
  const { participants, stages, elapsed } = props;
  const [query, setQuery] = useState<RowQuery>(DEFAULT_QUERY);
  const groups = useMemo(() => visibleRows(participants, query), [participants, query]);
  const hasGroups = participants.some((p) => p.group);
  const shown = groups.reduce((sum, group) => sum + group.rows.length, 0);
  const onSort = (key: SortKey) =>
    setQuery({
      ...query,
      sort: {
        key,
        direction:
          query.sort.key === key && query.sort.direction === "ascending" ? "descending" : "ascending",
      },
    });
  return (
    <section
      class="panel participants"
      aria-labelledby="participants-title"
      // Until the browser has laid the table out (see styles.css), a rough height for the scrollbar.
      style={{ containIntrinsicSize: `auto ${Math.round(6 + shown * 2.6)}em` }}
    >
      <div class="table-head">
        <h2 id="participants-title">Participants</h2>
        <Filters query={query} onChange={setQuery} stages={stages} hasGroups={hasGroups} />
        <p class="muted" aria-live="polite" data-testid="shown-count">
          Showing {shown} of {participants.length}
        </p>
        <MarkLegend />
      </div>
      <table data-testid="participants">
        {/* Fixed widths: the browser lays the table out from these, not from measuring 200 rows. */}
        <colgroup>
          {COLUMNS.map((column) => (
            <col key={column.key} class={`col-${column.key}`} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <SortHeader key={column.key} column={column} query={query} onSort={onSort} />
            ))}
          </tr>
        </thead>
        {groups.map(({ group, rows }) => (
          <tbody key={group ?? ""}>
            {group !== null || groups.length > 1 ? (
              <tr class="group-row">
                <th scope="rowgroup" colSpan={COLUMNS.length}>
                  {group ?? "Other participants"}{" "}
                  <span class="muted">
                    {rows.length} shown · {rows.filter((p) => p.stage === "done").length} done
                  </span>
                </th>
              </tr>
            ) : null}
            {rows.map((p) => row(p, elapsed))}
          </tbody>
        ))}
      </table>
    </section>
  );
}
