// What the page knows of the board between answers: pure, so it is unit-tested.
import type { BoardAnswer } from "./api.ts";
import type { Board } from "./board.ts";

export type Connection =
  | { kind: "loading" }
  | { kind: "live" }
  | { kind: "unauthorized" }
  | { kind: "notFound"; message: string }
  | { kind: "failed"; message: string };

export interface BoardState {
  board: Board | null;
  /** When (page clock, ms) the board shown arrived: its `…Seconds` fields are as of then. */
  receivedAt: number;
  /** When the API last answered, 200 or 304. */
  checkedAt: number | null;
  connection: Connection;
}

export const INITIAL_STATE: BoardState = {
  board: null,
  receivedAt: 0,
  checkedAt: null,
  connection: { kind: "loading" },
};

/** The next state after an answer; a refused token drops the data, other failures keep it. */
export function nextState(state: BoardState, answer: BoardAnswer, now: number): BoardState {
  switch (answer.kind) {
    case "board":
      return { board: answer.board, receivedAt: now, checkedAt: now, connection: { kind: "live" } };
    case "unchanged":
      return { ...state, checkedAt: now, connection: { kind: "live" } };
    case "unauthorized":
      return { ...INITIAL_STATE, connection: { kind: "unauthorized" } };
    case "notFound":
      return { ...INITIAL_STATE, connection: { kind: "notFound", message: answer.message } };
    case "failed":
      return { ...state, connection: { kind: "failed", message: answer.message } };
  }
}
