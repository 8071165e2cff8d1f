import type * as contracts from "@targetwatch/core/contracts";
import type { WorkshopQueries } from "@targetwatch/core/queries";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { ApiError } from "./errors.ts";
import { templatePattern } from "./router.ts";
import { accountRoutes } from "./routes/account-routes.ts";
import { boardRoutes } from "./routes/board-routes.ts";
import { externalIdRoutes } from "./routes/external-id-routes.ts";
import { type JoinRouteDependencies, joinRoutes } from "./routes/join-routes.ts";
import { loadBalancerRoutes } from "./routes/load-balancer-routes.ts";
import { serviceRoutes } from "./routes/service-routes.ts";
import { statsRoutes } from "./routes/stats-routes.ts";
import { transitionRoutes } from "./routes/transition-routes.ts";
import { workshopRoutes } from "./routes/workshop-routes.ts";
import type { RequestContract } from "./validation/request-validation.ts";

export type RouteHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * A contract of @targetwatch/core/contracts by its export's name. Routes name their contracts
 * rather than hold the schemas: serving a request needs only the validators compiled from them,
 * and only the OpenAPI generator (./openapi.ts) needs zod and the schemas themselves.
 */
export type ContractName = keyof typeof contracts;

/** One route: how it is served and how it is documented, side by side. */
export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  summary: string;
  description?: string;
  public?: boolean;
  pathParams?: Record<string, RequestContract>;
  query?: RequestContract;
  body?: RequestContract;
  responses: Record<number, { description: string; schema?: ContractName }>;
  handler: RouteHandler;
}

/** Every route of the API, in the order they are matched and documented. */
export function apiRoutes(
  queries: WorkshopQueries,
  openApiDocument: () => Promise<unknown>,
  joining?: JoinRouteDependencies,
): Route[] {
  return [
    ...serviceRoutes(openApiDocument),
    ...workshopRoutes(queries),
    ...loadBalancerRoutes(queries),
    ...transitionRoutes(queries),
    ...accountRoutes(queries),
    ...joinRoutes(joining),
    ...externalIdRoutes(queries),
    ...statsRoutes(queries),
    ...boardRoutes(queries),
  ];
}

/** Error responses every authenticated route may give. */
export const COMMON_ERRORS = {
  400: "Invalid path, query or body (field-level details), or a bad nextToken",
  401: "Missing or invalid token",
  404: "No such workshop or NLB",
  405: "Method not allowed on this path",
  413: "Body over 64 KB",
  415: "Body is not JSON",
};

/** `METHOD /path` keys as API Gateway routes them. */
export function routeKeys(routes: Route[]): string[] {
  return routes.map((r) => `${r.method} ${r.path}`);
}

export function methodNotAllowed(routes: Route[], method: string, path: string): ApiError | undefined {
  const allowed = routes.filter((r) => servesPath(r, path)).map((r) => r.method);
  if (allowed.length === 0) return undefined;
  return new ApiError(
    405,
    "MethodNotAllowed",
    `${method} is not allowed on ${path}; use ${allowed.join(", ")}`,
    {
      headers: { allow: allowed.join(", ") },
    },
  );
}

/** Whether a request path is one of `route`'s (a trailing slash allowed, as the router allows it). */
export function servesPath(route: Pick<Route, "path">, path: string): boolean {
  return templatePattern(route.path).test(path);
}
