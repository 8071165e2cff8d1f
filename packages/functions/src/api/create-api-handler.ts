import type { Logger } from "@aws-lambda-powertools/logger";
import middy from "@middy/core";
import httpCors from "@middy/http-cors";
import httpHeaderNormalizer from "@middy/http-header-normalizer";
import type { WorkshopQueries } from "@targetwatch/core/queries";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { ApiError } from "./errors.ts";
import { bearerAuth } from "./middleware/bearer-auth.ts";
import { errorResponse } from "./middleware/error-response.ts";
import { jsonBody } from "./middleware/json-body.ts";
import { varyOrigin } from "./middleware/vary-origin.ts";
import { routeRequests } from "./router.ts";
import type { JoinRouteDependencies } from "./routes/join-routes.ts";
import { apiRoutes, methodNotAllowed, type Route, servesPath } from "./routes.ts";
import { dashboardRoutes } from "./static-page.ts";

let openApi: Promise<unknown> | undefined;

/** The OpenAPI document the API serves, read once per process. */
function servedOpenApiDocument(): Promise<unknown> {
  openApi ??= import("./openapi-document.json", { with: { type: "json" } }).then((json) => json.default);
  return openApi;
}

/**
 * Powertools' Logger, or a function that makes one the first time the API has something to log
 * (an unhandled error): the deployed handler's, so that no request loads the logger until one
 * fails.
 */
export type ApiLogger = Logger | (() => Promise<Logger>);

export interface ApiDependencies {
  queries: WorkshopQueries;
  /** The bearer token clients must send. */
  token: string;
  /** Origins allowed by CORS; none (the default) sends no CORS headers. */
  corsOrigins?: string[];
  /** The built dashboard page (packages/dashboard/dist) served at `/`; without it `/` is a 404. */
  dashboardDir?: string;
  /** Participants joining workshops (`POST /workshops/{id}/join`); without it those routes answer 501. */
  joining?: JoinRouteDependencies;
  logger: ApiLogger;
}

export interface Api {
  handler: (
    event: APIGatewayProxyEventV2,
    context: import("aws-lambda").Context,
  ) => Promise<APIGatewayProxyResultV2>;
  routes: Route[];
}

/** The facilitators' HTTP API as one Lambda handler (API Gateway HTTP API, payload 2.0). */
export function createApi(deps: ApiDependencies): Api {
  // The document is generated from the routes' schemas ahead of time (`npm run docs`; a test
  // keeps it equal to what the schemas generate now) and loaded by the first GET /openapi.json:
  // zod's JSON Schema converter is never part of a deployed function, and in a split bundle the
  // document is a chunk of its own.
  const routes = [
    ...apiRoutes(deps.queries, servedOpenApiDocument, deps.joining),
    ...dashboardRoutes(deps.dashboardDir),
  ];
  const router = routeRequests(routes, ({ method, path }) => {
    // A CORS preflight: the CORS middleware adds its headers to this empty answer.
    if (method === "OPTIONS" && deps.corsOrigins?.length) return { statusCode: 204 };
    throw (
      methodNotAllowed(routes, method, path) ??
      new ApiError(404, "NotFound", `no route ${method} ${path}; see GET /openapi.json`)
    );
  });
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>().use(httpHeaderNormalizer());
  // Registered before the error middleware so that its headers reach error answers too
  // (middy runs onError hooks in reverse order); `Vary: Origin` last of all, on every answer.
  if (deps.corsOrigins && deps.corsOrigins.length > 0) {
    handler.use(varyOrigin()).use(
      httpCors({
        origins: deps.corsOrigins,
        headers: "authorization,content-type",
        // POST: rotations, and participants joining from a page of their own.
        methods: "GET,PUT,POST,DELETE",
      }),
    );
  }
  handler
    .use(errorResponse(deps.logger))
    .use(bearerAuth({ token: deps.token, publicPaths: routes.filter((r) => r.public).map((r) => r.path) }))
    .use(
      jsonBody({
        takesBody: (method, path) => routes.some((r) => r.body && r.method === method && servesPath(r, path)),
      }),
    );
  return { handler: handler.handler(router) as Api["handler"], routes };
}
