import { json } from "../http.ts";
import type { Route } from "../routes.ts";

/** The routes that need no token: liveness and the OpenAPI document. */
export function serviceRoutes(openApiDocument: () => Promise<unknown>): Route[] {
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
  ];
}
