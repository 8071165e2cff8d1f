import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { createGunzip } from "node:zlib";
import type { Clock } from "./clock.ts";
import type { CloudWatchSim } from "./cloudwatch/cloudwatch-sim.ts";
import { CloudWatchError, cloudWatchErrorResponse } from "./cloudwatch/errors.ts";
import { Elbv2Error, elbv2ErrorResponse } from "./elbv2/errors.ts";
import { handleElbv2 } from "./elbv2/handler.ts";
import type { FaultDecision, FaultInjector } from "./faults/fault-injector.ts";
import type { RequestContext, SimResponse } from "./protocol.ts";
import type { ElbReadModel } from "./world/elb-view.ts";

/** CloudWatch's awsJson1_0 operations arrive as `X-Amz-Target: GraniteServiceVersion20100801.<Operation>`. */
const CLOUDWATCH_TARGET_PREFIX = "GraniteServiceVersion20100801.";
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
  /** Without it ELBv2 requests get `InvalidAction` (a CloudWatch-only simulator). */
  elb?: ElbReadModel;
  /** Without it CloudWatch requests get `InvalidAction` (an ELBv2-only simulator). */
  cloudwatch?: CloudWatchSim;
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

/** Serves ELBv2 (awsQuery) and CloudWatch (awsJson1_0) on one port, as `AWS_ENDPOINT_URL` expects. */
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
      await options.control({ method: req.method ?? "GET", path, query: url.searchParams, body }),
    );
    return;
  }
  const ctx: RequestContext = {
    region: regionFromAuthorization(req.headers.authorization) ?? options.defaultRegion,
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
  const target = header(req, "x-amz-target");
  if (target !== undefined) {
    writeResponse(res, await serveCloudWatch(options, target, body, ctx));
    return;
  }
  writeResponse(res, await serveElbv2(options, req, url, body, ctx));
}

async function serveElbv2(
  options: SimulatorServerOptions,
  req: IncomingMessage,
  url: URL,
  body: string,
  ctx: RequestContext,
): Promise<SimResponse> {
  // awsQuery puts parameters in a form body; GET with a query string is also valid for Query APIs.
  const params = req.method === "GET" ? url.searchParams : new URLSearchParams(body);
  const action = params.get("Action") ?? "";
  const faults = options.faults;
  const decision = faults?.decide("elbv2", action, { accountId: ctx.accountId ?? "", region: ctx.region });
  if (decision) await applyLatency(decision);
  if (decision?.fault === "throttle") {
    return elbv2ErrorResponse(new Elbv2Error("Throttling", "Rate exceeded", 400), ctx);
  }
  if (decision?.fault === "server") {
    const error =
      action === "DescribeTargetHealth"
        ? new Elbv2Error(
            "HealthUnavailable",
            "The health of the specified targets could not be retrieved due to an internal error.",
            500,
          )
        : new Elbv2Error(
            "InternalFailure",
            "The request processing has failed because of an unknown error, exception or failure.",
            500,
          );
    return elbv2ErrorResponse(error, ctx);
  }
  if (!options.elb)
    return elbv2ErrorResponse(new Elbv2Error("InvalidAction", "ELBv2 is not simulated here"), ctx);
  return handleElbv2(
    params,
    options.elb,
    faults ? { ...ctx, targetUnavailable: () => faults.targetUnavailable() } : ctx,
  );
}

async function serveCloudWatch(
  options: SimulatorServerOptions,
  target: string,
  body: string,
  ctx: RequestContext,
): Promise<SimResponse> {
  const operation = target.startsWith(CLOUDWATCH_TARGET_PREFIX)
    ? target.slice(CLOUDWATCH_TARGET_PREFIX.length)
    : "";
  const decision = options.faults?.decide("cloudwatch", operation, {
    accountId: ctx.accountId ?? "",
    region: ctx.region,
  });
  if (decision) await applyLatency(decision);
  if (decision?.fault === "throttle") {
    return cloudWatchErrorResponse(new CloudWatchError("Throttling", "Rate exceeded", 400), ctx);
  }
  if (decision?.fault === "server") {
    return cloudWatchErrorResponse(
      new CloudWatchError("InternalServiceFault", "Internal service error", 500),
      ctx,
    );
  }
  if (!options.cloudwatch) {
    return cloudWatchErrorResponse(
      new CloudWatchError("InvalidAction", "CloudWatch is not simulated here"),
      ctx,
    );
  }
  return options.cloudwatch.handle(operation, body, ctx);
}

async function applyLatency(decision: FaultDecision): Promise<void> {
  if (decision.delayMs > 0) await delay(decision.delayMs);
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

/** The body as text, or `undefined` when it is too large; the SDK gzips PutMetricData bodies of 10 KB or more. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const gzipped = header(req, "content-encoding")?.toLowerCase() === "gzip";
  const source = gzipped ? req.pipe(createGunzip()) : req;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.resume();
        return undefined;
      }
      chunks.push(chunk);
    }
  } catch {
    // A corrupt gzip stream: hand on what arrived; the protocol layer rejects it as malformed.
  }
  return Buffer.concat(chunks).toString("utf8");
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
