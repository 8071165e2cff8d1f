/**
 * Route selection of an API Gateway HTTP API, as documented in "Working with routes for HTTP APIs":
 * a route key is `$default` or `METHOD /path`, where METHOD is an HTTP method or `ANY` and the path
 * may hold `{name}` segments and one trailing greedy `{name+}` segment. A request goes to the
 * most specific match: full matches first (literal segments before `{param}` segments, an explicit
 * method before `ANY`), then routes with a greedy variable (the longest fixed prefix first), then
 * `$default`. No match at all means API Gateway's own 404.
 */

/** The route a request was matched to: its key and its (decoded) path variables. */
export interface MatchedRoute {
  routeKey: string;
  /** Decoded path variables; absent when the route has none. */
  pathParameters?: Record<string, string>;
}

type Segment =
  | { kind: "literal"; value: string }
  | { kind: "param"; name: string }
  | { kind: "greedy"; name: string };

interface CompiledRoute {
  routeKey: string;
  /** Upper-case method, `ANY`, or `undefined` for `$default`. */
  method: string | undefined;
  segments: Segment[];
  greedy: boolean;
}

/** The routes of one API, in the order API Gateway prefers them. */
export interface RouteTable {
  readonly routes: readonly CompiledRoute[];
}

/** Thrown for a route key API Gateway would refuse. */
export class InvalidRouteKeyError extends Error {
  override readonly name = "InvalidRouteKeyError";
}

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"]);
const KIND_ORDER = { literal: 0, param: 1, greedy: 2 } as const;

function compileRoute(routeKey: string): CompiledRoute {
  if (routeKey === "$default") return { routeKey, method: undefined, segments: [], greedy: false };
  const match = /^([A-Z]+) (\/\S*)$/.exec(routeKey);
  if (!match || !METHODS.has(match[1] as string)) {
    throw new InvalidRouteKeyError(
      `invalid route key "${routeKey}": expected "$default" or "METHOD /path" with METHOD one of ${[...METHODS].join(", ")}`,
    );
  }
  const method = match[1] as string;
  const parts = (match[2] as string).split("/").slice(1);
  const segments = parts.map((part, index): Segment => {
    const variable = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/.exec(part);
    if (!variable) {
      if (part.includes("{") || part.includes("}")) {
        throw new InvalidRouteKeyError(`invalid route key "${routeKey}": malformed path variable "${part}"`);
      }
      return { kind: "literal", value: part };
    }
    const name = variable[1] as string;
    if (variable[2] === "+") {
      if (index !== parts.length - 1) {
        throw new InvalidRouteKeyError(
          `invalid route key "${routeKey}": the greedy variable {${name}+} must be the last segment`,
        );
      }
      return { kind: "greedy", name };
    }
    return { kind: "param", name };
  });
  const names = segments.flatMap((s) => (s.kind === "literal" ? [] : [s.name]));
  if (new Set(names).size !== names.length) {
    throw new InvalidRouteKeyError(`invalid route key "${routeKey}": a path variable name is used twice`);
  }
  return { routeKey, method, segments, greedy: segments.at(-1)?.kind === "greedy" };
}

/** Orders routes by API Gateway's priorities, so that the first match is the one it would select. */
function compareRoutes(a: CompiledRoute, b: CompiledRoute): number {
  const aDefault = a.method === undefined;
  const bDefault = b.method === undefined;
  if (aDefault !== bDefault) return aDefault ? 1 : -1;
  if (a.greedy !== b.greedy) return a.greedy ? 1 : -1;
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const diff = KIND_ORDER[(a.segments[i] as Segment).kind] - KIND_ORDER[(b.segments[i] as Segment).kind];
    if (diff !== 0) return diff;
  }
  // Among greedy routes the one with the longer fixed prefix is the more specific.
  if (a.segments.length !== b.segments.length) return b.segments.length - a.segments.length;
  if ((a.method === "ANY") !== (b.method === "ANY")) return a.method === "ANY" ? 1 : -1;
  return 0;
}

/**
 * Validates route keys and orders them for {@link matchRoute}.
 * @throws InvalidRouteKeyError for a malformed or duplicate route key.
 */
export function compileRoutes(routeKeys: readonly string[]): RouteTable {
  const seen = new Set<string>();
  const routes = routeKeys.map((key) => {
    if (seen.has(key)) throw new InvalidRouteKeyError(`duplicate route key "${key}"`);
    seen.add(key);
    return compileRoute(key);
  });
  return { routes: routes.sort(compareRoutes) };
}

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // malformed percent-encoding is passed on as received
  }
}

function matchPath(route: CompiledRoute, parts: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [i, segment] of route.segments.entries()) {
    if (segment.kind === "greedy") {
      const rest = parts.slice(i).join("/");
      if (rest === "") return undefined;
      params[segment.name] = decode(rest);
      return params;
    }
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.kind === "literal") {
      if (part !== segment.value) return undefined;
    } else {
      if (part === "") return undefined;
      params[segment.name] = decode(part);
    }
  }
  return parts.length === route.segments.length ? params : undefined;
}

/**
 * Selects the route API Gateway would send a request to.
 * @param method the request's HTTP method
 * @param rawPath the path as received (percent-encoded; matched segment by segment, then decoded)
 * @returns the route and its decoded path parameters, or `undefined` (API Gateway answers 404)
 */
export function matchRoute(table: RouteTable, method: string, rawPath: string): MatchedRoute | undefined {
  const upper = method.toUpperCase();
  const parts = rawPath.split("/").slice(1);
  for (const route of table.routes) {
    if (route.method === undefined) return { routeKey: route.routeKey };
    if (route.method !== "ANY" && route.method !== upper) continue;
    const params = matchPath(route, parts);
    if (!params) continue;
    return Object.keys(params).length > 0
      ? { routeKey: route.routeKey, pathParameters: params }
      : { routeKey: route.routeKey };
  }
  return undefined;
}
