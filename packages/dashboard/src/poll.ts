// Keeps the board fresh: one request every few seconds, a 304 when nothing changed.
import { useEffect, useRef, useState } from "preact/hooks";
import { fetchBoard } from "./api.ts";
import { type BoardState, INITIAL_STATE, nextState } from "./state.ts";

/**
 * Polls the board while there is a token: the next request goes out `intervalMs` after the
 * last answer, never two at once. Stops on a refused token (the caller asks for another).
 */
export function useBoard(url: string, token: string | undefined, intervalMs: number): BoardState {
  const [state, setState] = useState<BoardState>(INITIAL_STATE);
  const etag = useRef<string | null>(null);

  useEffect(() => {
    setState(INITIAL_STATE);
    etag.current = null;
    if (!token) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const answer = await fetchBoard(url, token, etag.current);
      if (stopped) return;
      if (answer.kind === "board") etag.current = answer.etag;
      setState((previous) => nextState(previous, answer, Date.now()));
      if (answer.kind !== "unauthorized") timer = setTimeout(poll, intervalMs);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [url, token, intervalMs]);

  return state;
}

/** The page clock, ticking every `ms`, so durations on screen keep counting between answers. */
export function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
