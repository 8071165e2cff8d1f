// One request per refresh: the board, conditional on the last ETag.
import type { Board } from "./board.ts";

export type BoardAnswer =
  | { kind: "board"; board: Board; etag: string | null }
  | { kind: "unchanged" }
  | { kind: "unauthorized" }
  | { kind: "notFound"; message: string }
  | { kind: "failed"; message: string };

/** Marks the page's own timing around a board's arrival (see docs/benchmarks.md). */
export const DATA_MARK = "targetwatch:board-data";

/** The board's URL for a workshop, relative to the page's origin (the API serves both). */
export function boardUrl(workshop: string): string {
  return `/workshops/${encodeURIComponent(workshop)}/board`;
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // Not JSON: the status says enough.
  }
  return `HTTP ${response.status}`;
}

/**
 * Asks for the board; `If-None-Match` with the last ETag makes an unchanged board a `304`.
 * Network failures are answers too (`failed`), so the caller keeps what it shows and retries.
 */
export async function fetchBoard(url: string, token: string, etag: string | null): Promise<BoardAnswer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
  if (etag) headers["if-none-match"] = etag;
  let response: Response;
  try {
    response = await fetch(url, { headers, cache: "no-store" });
  } catch {
    return { kind: "failed", message: "Cannot reach the API" };
  }
  if (response.status === 304) return { kind: "unchanged" };
  if (response.status === 401 || response.status === 403) return { kind: "unauthorized" };
  if (response.status === 404) return { kind: "notFound", message: await errorMessage(response) };
  if (!response.ok) return { kind: "failed", message: await errorMessage(response) };
  const board = (await response.json()) as Board;
  performance.mark(DATA_MARK);
  return { kind: "board", board, etag: response.headers.get("etag") };
}
