import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { toHttpApiEvent } from "./http-api-event.ts";
import type { HttpApiResponse } from "./http-api-result.ts";
import { errorResponse, invokeHandler } from "./invoke-handler.ts";
import { compileRoutes, matchRoute, type RouteTable } from "./routes.ts";

export {
  type EventMeta,
  formatRequestTime,
  isTextualContentType,
  parseQueryString,
  type ReceivedRequest,
  type RequestHeaders,
  toHttpApiEvent,
} from "./http-api-event.ts";
export { fromHttpApiResult, type HttpApiResponse, InvalidHandlerResultError } from "./http-api-result.ts";
export {
  compileRoutes,
  InvalidRouteKeyError,
  type MatchedRoute,
  matchRoute,
  type RouteTable,
} from "./routes.ts";

/** A Lambda handler behind an HTTP API (payload format 2.0). */
export type HttpApiHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

/** Options of {@link startApiGatewayServer}. */
export interface ApiGatewayServerOptions {
  handler: HttpApiHandler;
  /**
   * Route keys as deployed, e.g. `["GET /health", "GET /workshops/{id}", "$default"]`. The matched
   * one becomes `routeKey` and fills `pathParameters`; a request matching none gets API Gateway's
   * own 404 `{"message":"Not Found"}`. `{param}` and a trailing greedy `{proxy+}` are supported,
   * and `ANY` as the method. Default `["$default"]`.
   */
  routes?: string[];
  /** Default 0: a free port chosen by the operating system. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /**
   * Default `$default`, served at the root. Any other stage is served under `/<stage>/`, as
   * API Gateway does; `rawPath` then starts with the stage.
   */
  stage?: string;
  /**
   * The function's timeout: `getRemainingTimeInMillis` counts down from it, and a handler still
   * running after it gets 503 `{"message":"Service Unavailable"}`. Default 29 000 ms (API Gateway's
   * integration timeout).
   */
  timeoutMs?: number;
  /** Default `targetwatch-api`. */
  functionName?: string;
  /** Largest request body accepted; a larger one gets 413. Default 10 MiB, API Gateway's payload limit. */
  maxBodyBytes?: number;
  /** `requestContext.accountId` and the account in `invokedFunctionArn`. Default `123456789012`. */
  accountId?: string;
  /** `requestContext.apiId`. Default `local`. */
  apiId?: string;
  /** The region in `invokedFunctionArn`. Default `us-east-1`. */
  region?: string;
  /** Receives one line per failed invocation (with its request id). Default: standard error. */
  log?: (line: string) => void;
}

/** A running local API Gateway. */
export interface ApiGatewayServer {
  /** e.g. `http://127.0.0.1:3000` (without the stage). */
  readonly url: string;
  readonly port: number;
  /** Stops listening, lets requests in flight finish, ends keep-alive connections. Idempotent. */
  close(): Promise<void>;
}

/** API Gateway's payload limit for HTTP APIs: 10 MB. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** API Gateway's integration timeout for HTTP APIs (30 s) less a margin: the default function timeout. */
export const DEFAULT_TIMEOUT_MS = 29_000;

// Framing headers are the server's business; a function cannot set them (API Gateway drops them too).
const HOP_BY_HOP = new Set([
  "connection",
  "content-length",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** An id shaped like API Gateway's (`apigw-requestid`), e.g. `JBkXsiJ2IAMEVOw=`. */
function newRequestId(): string {
  return randomBytes(10).toString("base64");
}

/** An X-Ray trace header as API Gateway adds it: `Root=1-<epoch seconds, hex>-<96 random bits, hex>`. */
function newTraceId(now: Date): string {
  const seconds = Math.floor(now.getTime() / 1000)
    .toString(16)
    .padStart(8, "0");
  return `Root=1-${seconds}-${randomBytes(12).toString("hex")}`;
}

function unsupported(name: string): () => never {
  return () => {
    throw new Error(`context.${name}() is not supported: return (or resolve) the result instead`);
  };
}

/** A Lambda `Context` whose remaining time counts down from `timeoutMs`. */
export function createLambdaContext(options: {
  requestId: string;
  functionName: string;
  timeoutMs: number;
  region: string;
  accountId: string;
  now: Date;
}): Context {
  const deadline = Date.now() + options.timeoutMs;
  const day = options.now.toISOString().slice(0, 10).replaceAll("-", "/");
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:${options.region}:${options.accountId}:function:${options.functionName}`,
    memoryLimitInMB: "128",
    awsRequestId: options.requestId,
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString("hex")}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported("done"),
    fail: unsupported("fail"),
    succeed: unsupported("succeed"),
  };
}

type BodyOutcome = { ok: true; body: Buffer } | { ok: false };

/**
 * Reads the request body, keeping at most `limit` bytes: past the limit (or when Content-Length
 * already announces more) it stops keeping data and settles with `{ ok: false }` at once, while
 * the rest of the upload is still read and discarded so the connection stays usable.
 */
function readBody(req: IncomingMessage, limit: number): Promise<BodyOutcome> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    let chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > limit;
    if (tooLarge) resolve({ ok: false });
    req.on("data", (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks = [];
        resolve({ ok: false });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!tooLarge) resolve({ ok: true, body: Buffer.concat(chunks, size) });
    });
    req.on("error", reject);
  });
}

function clientIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "";
  return address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
}

/** Strips `/<stage>` from the path; `undefined` when the request is outside the stage. */
function pathInStage(rawPath: string, stage: string): string | undefined {
  if (stage === "$default") return rawPath;
  const prefix = `/${stage}`;
  if (rawPath === prefix) return "/";
  return rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : undefined;
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  response: HttpApiResponse,
  requestId: string,
  closing: boolean,
): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = response.statusCode;
  for (const [name, value] of Object.entries(response.headers)) {
    if (!HOP_BY_HOP.has(name)) res.setHeader(name, value);
  }
  if (response.cookies.length > 0) res.setHeader("set-cookie", response.cookies);
  res.setHeader("apigw-requestid", requestId);
  const bodyless = response.statusCode === 204 || response.statusCode === 304;
  if (!bodyless) res.setHeader("content-length", response.body.length);
  if (closing) res.setHeader("connection", "close");
  res.end(req.method === "HEAD" || bodyless ? undefined : response.body);
}

/** The options of {@link startApiGatewayServer}, with their defaults. */
interface ServeSettings {
  handler: HttpApiHandler;
  table: RouteTable;
  stage: string;
  timeoutMs: number;
  maxBodyBytes: number;
  functionName: string;
  accountId: string;
  apiId: string;
  region: string;
  log: (line: string) => void;
}

/** One request: API Gateway's own 413 or 404, or the handler's answer to it as an event. */
async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  settings: ServeSettings,
  /** Read when answering: a request in flight when the server starts closing is told so. */
  closing: () => boolean,
): Promise<void> {
  const { table, stage, timeoutMs, maxBodyBytes, functionName, accountId, region, log } = settings;
  const requestId = newRequestId();
  const now = new Date();
  const url = req.url ?? "/";
  const body = await readBody(req, maxBodyBytes);
  if (!body.ok) {
    send(req, res, errorResponse(413, "Request Entity Too Large"), requestId, closing());
    return;
  }
  const rawPath = url.split("?")[0] as string;
  const pathInApi = pathInStage(rawPath, stage);
  const route = pathInApi === undefined ? undefined : matchRoute(table, req.method ?? "GET", pathInApi);
  if (!route) {
    send(req, res, errorResponse(404, "Not Found"), requestId, closing());
    return;
  }
  const event = toHttpApiEvent(
    {
      method: req.method ?? "GET",
      url,
      headers: req.rawHeaders,
      body: body.body,
      sourceIp: clientIp(req),
      protocol: `HTTP/${req.httpVersion}`,
    },
    route,
    {
      stage,
      requestId,
      now,
      accountId,
      apiId: settings.apiId,
      port: req.socket.localPort,
      traceId: newTraceId(now),
    },
  );
  const context = createLambdaContext({ requestId, functionName, timeoutMs, region, accountId, now });
  send(
    req,
    res,
    await invokeHandler(settings.handler, event, context, { timeoutMs, log }),
    requestId,
    closing(),
  );
}

/**
 * Serves a Lambda handler over HTTP the way an API Gateway HTTP API (payload format 2.0) in front of
 * it would: each request becomes an event, the handler's result becomes the response, and API
 * Gateway's own answers (404 for no route, 413 over the payload limit, 500 for a failed or
 * malformed invocation, 503 past the timeout) are reproduced. Requests are served concurrently.
 */
export async function startApiGatewayServer(options: ApiGatewayServerOptions): Promise<ApiGatewayServer> {
  const host = options.host ?? "127.0.0.1";
  const settings: ServeSettings = {
    handler: options.handler,
    table: compileRoutes(options.routes ?? ["$default"]),
    stage: options.stage ?? "$default",
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
    functionName: options.functionName ?? "targetwatch-api",
    accountId: options.accountId ?? "123456789012",
    apiId: options.apiId ?? "local",
    region: options.region ?? "us-east-1",
    log: options.log ?? ((line: string) => process.stderr.write(`${line}\n`)),
  };
  const { log } = settings;
  let closing = false;

  const server = createServer((req, res) => {
    serve(req, res, settings, () => closing).catch((error: unknown) => {
      // Only a broken request stream gets here (the client went away); answer if still possible.
      log(`api-gateway: request failed: ${error instanceof Error ? error.message : String(error)}`);
      send(req, res, errorResponse(500, "Internal Server Error"), newRequestId(), true);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        closing = true;
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      });
      return closed;
    },
  };
}
