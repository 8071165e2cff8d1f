import { Agent, type IncomingHttpHeaders, request } from "node:http";

/**
 * A raw HTTP client for the API's contract, error and fuzz suites (node:http, so that any
 * method, request target, header and body can be sent as is).
 */

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as received (UTF-8). */
  text: string;
  /** The body parsed as JSON; `undefined` when empty or not JSON. */
  body: unknown;
}

export interface RawRequest {
  method?: string;
  /** The request target exactly as sent: path and query string. */
  path: string;
  /** Sent as is (a header may repeat); `authorization` is not added when given here. */
  headers?: [string, string][];
  body?: string | Buffer;
  /** Adds `Authorization: Bearer <token>` unless the headers already name one. */
  token?: string;
}

/** Node's HTTP client on a keep-alive agent, against one server. */
export class HttpClient {
  readonly #url: URL;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 8 });

  constructor(baseUrl: string) {
    this.#url = new URL(baseUrl);
  }

  send(req: RawRequest): Promise<Reply> {
    // Raw headers as a list: Node then adds no `host` of its own, and HTTP/1.1 needs one.
    const headers: string[] = ["host", this.#url.host];
    const given = req.headers ?? [];
    for (const [name, value] of given) headers.push(name, value);
    if (req.token !== undefined && !given.some(([name]) => name.toLowerCase() === "authorization")) {
      headers.push("authorization", `Bearer ${req.token}`);
    }
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    if (body) headers.push("content-length", String(body.length));
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          host: this.#url.hostname,
          port: this.#url.port,
          method: req.method ?? "GET",
          path: req.path,
          headers,
          agent: this.#agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown;
            try {
              parsed = text === "" ? undefined : JSON.parse(text);
            } catch {
              parsed = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
          });
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** `/a/{id}/b` with `{ id: "x y" }` → `/a/x%20y/b`, plus an encoded query string. */
export function pathOf(
  template: string,
  params: Record<string, string> = {},
  query: Record<string, string | number | undefined> = {},
): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams(
    Object.entries(query).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])),
  ).toString();
  return search ? `${path}?${search}` : path;
}
