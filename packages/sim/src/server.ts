import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { type AccountServices, dispatchAwsRequest } from "./aws-dispatch.ts";
import type { Clock } from "./clock.ts";
import type { CloudWatchSim } from "./cloudwatch/cloudwatch-sim.ts";
import { Elbv2Error, elbv2ErrorResponse } from "./elbv2/errors.ts";
import type { FaultInjector } from "./faults/fault-injector.ts";
import type { RequestContext, SimResponse } from "./protocol.ts";
import { readSignature } from "./sts/sigv4.ts";
import type { ElbReadModel } from "./world/elb-view.ts";

/** PutMetricData allows 1 MB; anything much larger is not an AWS request. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;
export const CONTROL_PREFIX = "/_sim/";

export interface ControlRequest {
  method: string;
  /** Path below `/_sim/`, e.g. `clock/advance`. */
  path: string;
  query: URLSearchParams;
  body: string;
}

export type ControlHandler = (request: ControlRequest) => SimResponse | Promise<SimResponse>;

export interface SimulatorServerOptions {
  clock: Clock;
  /** The account requests are for (the simulated world's one account); default `123456789012`. */
  accountId?: string;
  /** Region for unsigned requests (signed ones carry theirs in the SigV4 credential scope). */
  defaultRegion: string;
  /** Without it (and without `accounts`) ELBv2 requests get `InvalidAction` (a CloudWatch-only simulator). */
  elb?: ElbReadModel;
  /** Without it (and without `accounts`) CloudWatch requests get `InvalidAction` (an ELBv2-only simulator). */
  cloudwatch?: CloudWatchSim;
  /**
   * Several accounts: each request is answered by the world of the account whose credentials
   * signed it, and STS is served. Without it every request sees `elb` and `cloudwatch`.
   */
  accounts?: AccountServices;
  faults?: FaultInjector;
  control?: ControlHandler;
  /** Brings the simulated world up to `now` before a request is served. */
  beforeRequest?: (now: number) => void;
}

export interface RunningServer {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/** Serves ELBv2 and STS (awsQuery) and CloudWatch (awsJson1_0) on one port, as `AWS_ENDPOINT_URL` expects. */
export async function startSimulatorServer(
  options: SimulatorServerOptions,
  listen: { port?: number; host?: string } = {},
): Promise<RunningServer> {
  const server = createServer((req, res) => {
    serve(options, req, res).catch((error: unknown) => {
      // A bug in the simulator must still answer like AWS would, not hang the client.
      writeResponse(res, {
        status: 500,
        headers: { "content-type": "text/plain" },
        body: `simulator error: ${error instanceof Error ? error.message : String(error)}`,
      });
    });
  });
  server.keepAliveTimeout = 30_000;
  const host = listen.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://${host}:${port}`, port, close: () => closeServer(server) };
}

async function serve(
  options: SimulatorServerOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readBody(req);
  const url = new URL(req.url ?? "/", "http://localhost");
  if (url.pathname.startsWith(CONTROL_PREFIX) && options.control) {
    if (body === undefined) {
      writeResponse(res, {
        status: 413,
        headers: { "content-type": "application/json" },
        body: '{"error":"body too large"}',
      });
      return;
    }
    options.beforeRequest?.(options.clock.now());
    const path = url.pathname.slice(CONTROL_PREFIX.length);
    writeResponse(
      res,
      await options.control({ method: req.method ?? "GET", path, query: url.searchParams, body: body.text }),
    );
    return;
  }
  const parts = {
    method: req.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body: body?.raw ?? Buffer.alloc(0),
  };
  const ctx: RequestContext = {
    region:
      readSignature(parts)?.region ??
      regionFromAuthorization(req.headers.authorization) ??
      options.defaultRegion,
    requestId: randomUUID(),
    now: options.clock.now(),
    accountId: options.accountId ?? "123456789012",
  };
  if (body === undefined) {
    writeResponse(
      res,
      elbv2ErrorResponse(new Elbv2Error("RequestEntityTooLarge", "Request body too large", 413), ctx),
    );
    return;
  }
  options.beforeRequest?.(ctx.now);
  writeResponse(res, await dispatchAwsRequest(options, { ...parts, text: body.text }, ctx));
}

/** `Credential=AKID/20260101/us-west-2/elasticloadbalancing/aws4_request` → `us-west-2`. */
export function regionFromAuthorization(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\//.exec(authorization);
  return match?.[1];
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The body as sent (what a signature covers) and as text, or `undefined` when it is too large.
 * The SDK gzips PutMetricData bodies of 10 KB or more.
 */
async function readBody(req: IncomingMessage): Promise<{ raw: Buffer; text: string } | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      return undefined;
    }
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks);
  if (header(req, "content-encoding")?.toLowerCase() !== "gzip") return { raw, text: raw.toString("utf8") };
  try {
    const text = gunzipSync(raw, { maxOutputLength: MAX_BODY_BYTES }).toString("utf8");
    return { raw, text };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") return undefined;
    // A corrupt gzip stream: hand on what there is; the protocol layer rejects it as malformed.
    return { raw, text: "" };
  }
}

function writeResponse(res: ServerResponse, response: SimResponse): void {
  if (res.headersSent) return;
  const body = Buffer.from(response.body, "utf8");
  res.writeHead(response.status, { ...response.headers, "content-length": String(body.length) });
  res.end(body);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
