import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Route } from "./routes.ts";

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

/**
 * The API's router: a route template (`/workshops/{id}/stats`) matches a path with or without a
 * trailing slash, each `{name}` one segment, and a matched segment becomes
 * `event.pathParameters[name]` unless API Gateway already set it (it has, decoded, for a
 * request that came through the route of that template). Literal routes win over templates.
 *
 * It replaces @middy/http-router, which does the same: that package's error helper imports
 * `node:http` as an ES module, and Node.js builds the ES module view of `node:http` by reading
 * every export, which loads its bundled undici (about 30 ms of a cold start here, several times
 * that on a small Lambda). The Lambda runtime has loaded `node:http` by `require` already.
 */
export function routeRequests(
  routes: Pick<Route, "method" | "path" | "handler">[],
  notFound: (request: {
    method: string;
    path: string;
  }) => Promise<APIGatewayProxyStructuredResultV2> | APIGatewayProxyStructuredResultV2,
): Handler {
  const compiled: CompiledRoute[] = routes
    .map((route) => ({ method: route.method, pattern: templatePattern(route.path), handler: route.handler }))
    // Literal paths first, then templates in the order given.
    .sort((a, b) => Number(a.pattern.source.includes("(?<")) - Number(b.pattern.source.includes("(?<")));
  return async (event) => {
    const { method, path } = event.requestContext.http;
    for (const route of compiled) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(path);
      if (!match) continue;
      event.pathParameters = { ...match.groups, ...event.pathParameters };
      return route.handler(event);
    }
    return notFound({ method, path });
  };
}

/** `^/workshops/(?<id>[^/]+)/stats/?$` for `/workshops/{id}/stats`; literal parts escaped. */
export function templatePattern(template: string): RegExp {
  const literal = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const parts = template.split(/(\{[^}]+\})/);
  const source = parts
    .map((part) => (/^\{[^}]+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[^/]+)` : literal(part)))
    .join("");
  return new RegExp(`^${source}/?$`);
}
