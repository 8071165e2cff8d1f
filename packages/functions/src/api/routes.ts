import type * as contracts from "@targetwatch/core/contracts";
import type { Workshop } from "@targetwatch/core/model";
import { boardEtag, type WorkshopQueries } from "@targetwatch/core/queries";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { ApiError } from "./errors.ts";
import { json, matchesEtag, pathParameter, query } from "./http.ts";
import { templatePattern } from "./router.ts";
import { parse, type RequestContract } from "./validation/request-validation.ts";

export type RouteHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * A contract of @targetwatch/core/contracts by its export's name. Routes name their contracts
 * rather than hold the schemas: serving a request needs only the validators compiled from them,
 * and only the OpenAPI generator (./openapi.ts) needs zod and the schemas themselves.
 */
export type ContractName = keyof typeof contracts;

/** One route: how it is served and how it is documented, side by side. */
export interface Route {
  method: "GET" | "PUT" | "DELETE";
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

const workshopId = (event: APIGatewayProxyEventV2) =>
  parse("workshopIdSchema", pathParameter(event, "id"), "path.id");

export function apiRoutes(queries: WorkshopQueries, openApiDocument: () => Promise<unknown>): Route[] {
  return [
    {
      method: "GET",
      path: "/health",
      summary: "Liveness check (no token needed)",
      public: true,
      responses: { 200: { description: "The API answers", schema: "healthSchema" } },
      handler: async () => json(200, { ok: true }),
    },
    {
      method: "GET",
      path: "/openapi.json",
      summary: "This document (no token needed)",
      public: true,
      responses: { 200: { description: "OpenAPI 3.1 document" } },
      handler: async () => json(200, await openApiDocument()),
    },
    {
      method: "GET",
      path: "/workshops",
      summary: "Every workshop with its summary",
      description:
        "With no workshop configured, the implicit `default` workshop (every Load Balancer Controller NLB).",
      responses: { 200: { description: "Workshops", schema: "workshopListSchema" } },
      handler: async () => json(200, { workshops: await queries.listWorkshops() }),
    },
    {
      method: "GET",
      path: "/workshops/{id}",
      summary: "One workshop with its summary",
      pathParams: { id: "workshopIdSchema" },
      responses: {
        200: { description: "The workshop", schema: "workshopSchema" },
        404: { description: "No such workshop" },
      },
      handler: async (event) => json(200, await queries.getWorkshop(await workshopId(event))),
    },
    {
      method: "PUT",
      path: "/workshops/{id}",
      summary: "Create or replace a workshop",
      description: "The collector picks it up on its next sweep (within a minute).",
      pathParams: { id: "workshopIdSchema" },
      body: "workshopInputSchema",
      responses: {
        200: { description: "Replaced", schema: "workshopSchema" },
        201: { description: "Created", schema: "workshopSchema" },
        502: {
          description: "CloudWatch refused the workshop's alarm; nothing was changed: try again",
          schema: "errorSchema",
        },
      },
      handler: async (event) => {
        const id = await workshopId(event);
        const input = await parse("workshopInputSchema", event.body, "body");
        const workshop: Workshop = {
          id,
          name: input.name,
          selector: {
            tags: input.selector.tags.map((t) =>
              t.value === undefined ? { key: t.key } : { key: t.key, value: t.value },
            ),
            regions: input.selector.regions,
            ...(input.selector.namePrefix ? { namePrefix: input.selector.namePrefix } : {}),
          },
          stuckThresholdSeconds: input.stuckThresholdSeconds,
          retentionDays: input.retentionDays,
          roleName: input.roleName,
          ...(input.accounts.length > 0
            ? {
                accounts: input.accounts.map((a) =>
                  a.label === undefined
                    ? { accountId: a.accountId }
                    : { accountId: a.accountId, label: a.label },
                ),
              }
            : {}),
        };
        const { created, workshop: view } = await queries.putWorkshop(workshop);
        return json(created ? 201 : 200, view);
      },
    },
    {
      method: "DELETE",
      path: "/workshops/{id}",
      summary: "Delete a workshop",
      description:
        "The collector stops sweeping it. Its transitions stay readable until they expire (the workshop's retention, via DynamoDB TTL); re-creating a workshop with the same id picks its history up again.",
      pathParams: { id: "workshopIdSchema" },
      responses: {
        204: { description: "Deleted" },
        404: { description: "No such workshop" },
        502: {
          description: "CloudWatch refused to delete the workshop's alarm; nothing was changed: try again",
          schema: "errorSchema",
        },
      },
      handler: async (event) => {
        await queries.deleteWorkshop(await workshopId(event));
        return { statusCode: 204, headers: { "cache-control": "no-store" } };
      },
    },
    {
      method: "GET",
      path: "/workshops/{id}/load-balancers",
      summary: "The workshop's NLBs: mode, target counts, target states",
      pathParams: { id: "workshopIdSchema" },
      query: "loadBalancersQuerySchema",
      responses: { 200: { description: "One page of NLBs", schema: "loadBalancerListSchema" } },
      handler: async (event) => {
        const q = await parse("loadBalancersQuerySchema", query(event), "query");
        const page = await queries.listLoadBalancers(await workshopId(event), {
          limit: q.limit,
          ...(q.nextToken ? { nextToken: q.nextToken } : {}),
          ...(q.mode ? { mode: q.mode } : {}),
          ...(q.cluster ? { cluster: q.cluster } : {}),
          ...(q.state ? { state: q.state } : {}),
          ...(q.stuck ? { stuck: q.stuck === "true" } : {}),
        });
        return json(200, {
          loadBalancers: page.items,
          ...(page.nextToken ? { nextToken: page.nextToken } : {}),
        });
      },
    },
    {
      method: "GET",
      path: "/workshops/{id}/load-balancers/{name}",
      summary: "One NLB with its targets",
      pathParams: { id: "workshopIdSchema", name: "loadBalancerNameSchema" },
      query: "loadBalancerQuerySchema",
      responses: {
        200: { description: "The NLB and its targets", schema: "loadBalancerDetailSchema" },
        404: { description: "No such workshop or NLB" },
      },
      handler: async (event) => {
        const name = await parse("loadBalancerNameSchema", pathParameter(event, "name"), "path.name");
        const q = await parse("loadBalancerQuerySchema", query(event), "query");
        return json(200, await queries.getLoadBalancer(await workshopId(event), name, q.region));
      },
    },
    {
      method: "GET",
      path: "/workshops/{id}/transitions",
      summary: "Health transitions, newest first",
      pathParams: { id: "workshopIdSchema" },
      query: "transitionsQuerySchema",
      responses: { 200: { description: "One page of transitions", schema: "transitionListSchema" } },
      handler: async (event) => {
        const q = await parse("transitionsQuerySchema", query(event), "query");
        const page = await queries.listTransitions(await workshopId(event), {
          limit: q.limit,
          ...(q.nextToken ? { nextToken: q.nextToken } : {}),
          ...(q.loadBalancer ? { loadBalancer: q.loadBalancer } : {}),
          ...(q.since ? { since: Date.parse(q.since) } : {}),
          ...(q.until ? { until: Date.parse(q.until) } : {}),
        });
        return json(200, {
          transitions: page.items,
          ...(page.nextToken ? { nextToken: page.nextToken } : {}),
        });
      },
    },
    {
      method: "GET",
      path: "/workshops/{id}/accounts",
      summary: "The workshop's participant accounts and how reading each goes",
      description:
        "Each account in the workshop's order with its status from the latest sweep: pending, ok, roleNotAssumable (with a hint of the likely cause) or error (with AWS's message), when it was last read in full and how many NLBs it has. Empty for a workshop that reads the deployment's own account.",
      pathParams: { id: "workshopIdSchema" },
      responses: { 200: { description: "Accounts", schema: "accountListSchema" } },
      handler: async (event) => json(200, await queries.accounts(await workshopId(event))),
    },
    {
      method: "GET",
      path: "/workshops/{id}/stats",
      summary: "Time to healthy per target type, stuck targets, mode counts",
      pathParams: { id: "workshopIdSchema" },
      query: "statsQuerySchema",
      responses: { 200: { description: "Statistics", schema: "statsSchema" } },
      handler: async (event) => {
        const q = await parse("statsQuerySchema", query(event), "query");
        return json(200, await queries.stats(await workshopId(event), q.scope ?? "window"));
      },
    },
    {
      method: "GET",
      path: "/workshops/{id}/board",
      summary: "Everything the facilitators' dashboard shows, in one request",
      description:
        "Participants with their stage and targets, stuck targets with hints, time to healthy, the class's stage counts over time, alarm and last sweep (docs/dashboard.md). Every 200 carries an ETag that leaves out the fields that only tick with time; send it back as If-None-Match and an unchanged board is a 304 without a body.",
      pathParams: { id: "workshopIdSchema" },
      responses: {
        200: { description: "The board", schema: "boardSchema" },
        304: { description: "Not modified: nothing changed but time" },
        404: { description: "No such workshop" },
      },
      handler: async (event) => {
        const board = await queries.board(await workshopId(event));
        const etag = boardEtag(board);
        if (matchesEtag(event.headers?.["if-none-match"], etag)) {
          return { statusCode: 304, headers: { etag, "cache-control": "no-store" } };
        }
        return json(200, board, { etag });
      },
    },
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
