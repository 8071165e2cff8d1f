/**
 * A stand-in for the API as far as the page needs it: the built page at `/`, and
 * `GET /workshops/{id}/board` answering whatever board the test sets, with the token check and
 * the ETag / `If-None-Match` → `304` of the contract. Loopback only.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join } from "node:path";
import { DASHBOARD_CONTENT_TYPES, DASHBOARD_DIST } from "../build/paths.ts";
import type { Board } from "../src/board.ts";

export interface FakeApiOptions {
  token: string;
  board: Board;
  /** Served workshop ids; default: the board's own. */
  workshops?: string[];
  /** The built page's folder; default `dist/`. */
  dist?: string;
}

/** One board request as the fake saw it. */
export interface BoardRequest {
  workshop: string;
  status: number;
  ifNoneMatch: string | null;
}

export interface FakeApi {
  url: string;
  /** Changes what the next board request gets. */
  setBoard(board: Board): void;
  /** The ETag of the current board. */
  etag(): string;
  requests: BoardRequest[];
  close(): Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
};

export async function startFakeApi(options: FakeApiOptions): Promise<FakeApi> {
  const dist = options.dist ?? DASHBOARD_DIST;
  const files = new Set(await readdir(dist));
  let board = options.board;
  let body = JSON.stringify(board);
  let etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  const requests: BoardRequest[] = [];

  const serveBoard = (req: IncomingMessage, res: ServerResponse, workshop: string) => {
    const ifNoneMatch = req.headers["if-none-match"] ?? null;
    const record = (status: number) => requests.push({ workshop, status, ifNoneMatch });
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      record(401);
      return json(res, 401, { error: { code: "Unauthorized", message: "Missing or wrong API token" } });
    }
    if (!(options.workshops ?? [board.workshop.id]).includes(workshop)) {
      record(404);
      return json(res, 404, { error: { code: "NotFound", message: `No workshop ${workshop}` } });
    }
    if (ifNoneMatch === etag) {
      record(304);
      res.writeHead(304, { etag });
      return res.end();
    }
    record(200);
    res.writeHead(200, { "content-type": "application/json", etag, "cache-control": "no-cache" });
    res.end(body);
  };

  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url ?? "/", "http://localhost");
    const boardPath = /^\/workshops\/([^/]+)\/board$/.exec(pathname);
    if (req.method === "GET" && boardPath)
      return serveBoard(req, res, decodeURIComponent(boardPath[1] ?? ""));
    const file = pathname === "/" ? "index.html" : pathname.replace(/^\/assets\//, "");
    if (file !== "index.html" && !pathname.startsWith("/assets/"))
      return json(res, 404, { error: { code: "NotFound", message: pathname } });
    if (req.method !== "GET" || !files.has(file))
      return json(res, 404, { error: { code: "NotFound", message: pathname } });
    res.writeHead(200, {
      "content-type": DASHBOARD_CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": file === "index.html" ? "no-cache" : "public, max-age=31536000, immutable",
    });
    res.end(await readFile(join(dist, file)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setBoard(next) {
      board = next;
      body = JSON.stringify(next);
      etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
    },
    etag: () => etag,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
