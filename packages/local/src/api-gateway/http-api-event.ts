import { isUtf8 } from "node:buffer";
import type { IncomingHttpHeaders } from "node:http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { MatchedRoute } from "./routes.ts";

/**
 * Request headers: Node's parsed `IncomingHttpHeaders`, or the raw headers as received (Node's
 * flat `rawHeaders` list `[name, value, name, value, …]`, or `[name, value]` pairs). Only the raw
 * forms keep every duplicate header apart; Node's parsed form has already merged or dropped some.
 */
export type RequestHeaders =
  | IncomingHttpHeaders
  | readonly string[]
  | ReadonlyArray<readonly [string, string]>;

/** An HTTP request as the server received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query string exactly as received, e.g. `/workshops/a%20b?x=1&x=2`. */
  url: string;
  headers: RequestHeaders;
  /** The whole request body; empty when there was none. */
  body: Buffer;
  /** The client's IP address. */
  sourceIp: string;
  /** Default `HTTP/1.1`. */
  protocol?: string;
}

/** What API Gateway knows about the request besides the request itself. */
export interface EventMeta {
  stage: string;
  requestId: string;
  now: Date;
  /** Default `123456789012` (the account of the AWS documentation's examples). */
  accountId?: string;
  /** Default `local`. */
  apiId?: string;
  /** The port the client connected to; when given, the event carries `x-forwarded-port`. */
  port?: number;
  /** When given, the event carries it as `x-amzn-trace-id`. */
  traceId?: string;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** API Gateway's `requestContext.time`: `12/Mar/2020:19:03:58 +0000` (always UTC). */
export function formatRequestTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

const TEXT_TYPES = new Set([
  "application/json",
  "application/xml",
  "application/x-www-form-urlencoded",
  "application/javascript",
  "application/x-javascript",
  "application/ecmascript",
  "application/graphql",
  "application/x-ndjson",
  "application/yaml",
  "application/x-yaml",
]);

/**
 * Whether a body with this `content-type` is passed to the function as text (`isBase64Encoded:
 * false`): `text/*`, JSON, XML, form data, JavaScript and the `+json` / `+xml` structured syntaxes.
 * Anything else, and a body without a content type, is binary.
 */
export function isTextualContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const mime = (contentType.split(";")[0] as string).trim().toLowerCase();
  return mime.startsWith("text/") || TEXT_TYPES.has(mime) || mime.endsWith("+json") || mime.endsWith("+xml");
}

/** Connection-level headers a proxy consumes instead of forwarding (RFC 9110, section 7.6.1). */
const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
];

/** Lower-cased header names, each with its values in the order received. */
function collectHeaders(headers: RequestHeaders): Map<string, string[]> {
  const collected = new Map<string, string[]>();
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    const values = collected.get(key);
    if (values) values.push(value);
    else collected.set(key, [value]);
  };
  if (Array.isArray(headers)) {
    if (headers.length > 0 && Array.isArray(headers[0])) {
      for (const [name, value] of headers as ReadonlyArray<readonly [string, string]>) add(name, value);
    } else {
      const flat = headers as readonly string[];
      for (let i = 0; i + 1 < flat.length; i += 2) add(flat[i] as string, flat[i + 1] as string);
    }
  } else {
    for (const [name, value] of Object.entries(headers as IncomingHttpHeaders)) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value]) add(name, v);
    }
  }
  return collected;
}

/** `x=1&y=a%20b` → `{ x: "1", y: "a b" }`, `+` read as a space, repeated keys joined with commas. */
export function parseQueryString(rawQueryString: string): Record<string, string> | undefined {
  const params = new Map<string, string[]>();
  for (const pair of rawQueryString.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decodeQueryComponent(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decodeQueryComponent(pair.slice(eq + 1));
    const values = params.get(key);
    if (values) values.push(value);
    else params.set(key, [value]);
  }
  if (params.size === 0) return undefined;
  return Object.fromEntries([...params].map(([key, values]) => [key, values.join(",")]));
}

function decodeQueryComponent(raw: string): string {
  const spaced = raw.replaceAll("+", " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced; // malformed percent-encoding is passed on as received
  }
}

/** Splits a request target into path and query string; an absolute-form target loses its scheme and authority. */
function splitUrl(url: string): { rawPath: string; rawQueryString: string } {
  const target = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i, "") || "/";
  const question = target.indexOf("?");
  return question === -1
    ? { rawPath: target, rawQueryString: "" }
    : { rawPath: target.slice(0, question), rawQueryString: target.slice(question + 1) };
}

/**
 * Builds the event API Gateway (HTTP API, payload format 2.0) sends to a Lambda integration.
 * Header names are lower-cased and duplicates joined with commas; the `cookie` header moves to
 * `cookies`; hop-by-hop headers (`connection`, `transfer-encoding`, …) are dropped; `x-forwarded-for` / `-proto` (and `-port`, `x-amzn-trace-id` when known) are added as
 * API Gateway adds them; the body is text for textual content types and base64 otherwise.
 */
export function toHttpApiEvent(
  request: ReceivedRequest,
  route: MatchedRoute,
  meta: EventMeta,
): APIGatewayProxyEventV2 {
  const { rawPath, rawQueryString } = splitUrl(request.url);
  const collected = collectHeaders(request.headers);

  const cookies = (collected.get("cookie") ?? [])
    .flatMap((header) => header.split(";"))
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== "");
  collected.delete("cookie");
  for (const name of HOP_BY_HOP) collected.delete(name);

  const forwardedFor = collected.get("x-forwarded-for") ?? [];
  collected.set("x-forwarded-for", [[...forwardedFor, request.sourceIp].join(", ")]);
  collected.set("x-forwarded-proto", ["http"]);
  if (meta.port !== undefined) collected.set("x-forwarded-port", [String(meta.port)]);
  if (meta.traceId !== undefined) collected.set("x-amzn-trace-id", [meta.traceId]);

  const headers: Record<string, string> = {};
  for (const [name, values] of collected) headers[name] = values.join(",");

  const domainName = headers.host ?? "";
  const contentEncoding = headers["content-encoding"]?.trim().toLowerCase();
  const text =
    isTextualContentType(headers["content-type"]) &&
    (contentEncoding === undefined || contentEncoding === "" || contentEncoding === "identity") &&
    isUtf8(request.body);
  const queryStringParameters = parseQueryString(rawQueryString);

  const event: APIGatewayProxyEventV2 = {
    version: "2.0",
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    requestContext: {
      accountId: meta.accountId ?? "123456789012",
      apiId: meta.apiId ?? "local",
      domainName,
      domainPrefix: domainName.split(".")[0] as string,
      http: {
        method: request.method.toUpperCase(),
        path: rawPath,
        protocol: request.protocol ?? "HTTP/1.1",
        sourceIp: request.sourceIp,
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: meta.requestId,
      routeKey: route.routeKey,
      stage: meta.stage,
      time: formatRequestTime(meta.now),
      timeEpoch: meta.now.getTime(),
    },
    ...(request.body.length > 0 ? { body: request.body.toString(text ? "utf8" : "base64") } : {}),
    ...(route.pathParameters && Object.keys(route.pathParameters).length > 0
      ? { pathParameters: { ...route.pathParameters } }
      : {}),
    isBase64Encoded: request.body.length > 0 && !text,
  };
  return event;
}
