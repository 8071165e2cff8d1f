// The page: token first, then the class at a glance, refreshed every few seconds.
import { useEffect, useLayoutEffect, useState } from "preact/hooks";
import { boardUrl, DATA_MARK } from "./api.ts";
import type { Board } from "./board.ts";
import { Histogram, ProgressChart } from "./charts.tsx";
import type { PageConfig } from "./config.ts";
import { Headline, StageSummary } from "./headline.tsx";
import { useBoard, useNow } from "./poll.ts";
import type { Connection } from "./state.ts";
import { Problems, StatusBar } from "./status.tsx";
import { StuckList } from "./stuck.tsx";
import { ParticipantsTable } from "./table.tsx";
import { forgetToken, storeToken, takeToken } from "./token.ts";
import { TokenForm } from "./token-form.tsx";

/** Marks the moment a board is on screen (see {@link DATA_MARK}); `npm run bench -- dashboard` reads it. */
export const RENDERED_MARK = "targetwatch:board-rendered";
export const RENDER_MEASURE = "targetwatch:board-render";

function Dashboard({
  board,
  receivedAt,
  connection,
}: {
  board: Board;
  receivedAt: number;
  connection: Connection;
}) {
  const now = useNow(1000);
  const elapsed = Math.max(0, (now - receivedAt) / 1000);
  useLayoutEffect(() => {
    // Layout is forced here so the measure covers style and layout, not just the DOM update.
    void document.body.offsetHeight;
    if (performance.getEntriesByName(DATA_MARK).length === 0) return;
    performance.mark(RENDERED_MARK);
    performance.measure(RENDER_MEASURE, DATA_MARK, RENDERED_MARK);
    performance.clearMarks(DATA_MARK);
  }, [board]);
  return (
    <>
      <header class="top">
        <h1>
          <span class="product">targetwatch</span> {board.workshop.name}
        </h1>
        <StatusBar board={board} elapsed={elapsed} connection={connection} />
      </header>
      <main data-generated-at={board.generatedAt}>
        <div class="overview">
          <Headline headline={board.headline} />
          <StageSummary stages={board.stages} participants={board.headline.participants} />
        </div>
        <div class="columns">
          <StuckList stuck={board.stuck} elapsed={elapsed} threshold={board.workshop.stuckThresholdSeconds} />
          <section class="panel charts" aria-labelledby="charts-title">
            <h2 id="charts-title">Time to healthy</h2>
            <div class="histograms">
              <Histogram mode="instance" stats={board.timeToHealthy.instance} />
              <Histogram mode="ip" stats={board.timeToHealthy.ip} />
            </div>
            <ProgressChart progress={board.progress} generatedAt={board.generatedAt} />
          </section>
        </div>
        <Problems board={board} />
        <ParticipantsTable participants={board.participants} stages={board.stages} elapsed={elapsed} />
      </main>
    </>
  );
}

export function App({ config }: { config: PageConfig }) {
  const [token, setToken] = useState(() => takeToken());
  const [refused, setRefused] = useState(false);
  const state = useBoard(boardUrl(config.workshop), token, config.refreshMs);
  const unauthorized = state.connection.kind === "unauthorized";
  useEffect(() => {
    if (!unauthorized) return;
    forgetToken();
    setRefused(true);
    setToken(undefined);
  }, [unauthorized]);

  if (!token || unauthorized) {
    return (
      <main class="narrow">
        <h1>
          <span class="product">targetwatch</span> workshop {config.workshop}
        </h1>
        <TokenForm
          refused={refused || unauthorized}
          onToken={(value) => {
            storeToken(value);
            setRefused(false);
            setToken(value);
          }}
        />
      </main>
    );
  }
  if (state.connection.kind === "notFound") {
    return (
      <main class="narrow">
        <p class="error" role="alert">
          No workshop “{config.workshop}”: {state.connection.message}
        </p>
      </main>
    );
  }
  if (!state.board) {
    return (
      <main class="narrow">
        <p role="status">
          {state.connection.kind === "failed" ? `${state.connection.message}, retrying…` : "Loading…"}
        </p>
      </main>
    );
  }
  return <Dashboard board={state.board} receivedAt={state.receivedAt} connection={state.connection} />;
}
