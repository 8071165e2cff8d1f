import * as contracts from "@targetwatch/core/contracts";
import * as z from "zod/mini";
import { COMMON_ERRORS, type ContractName, type Route } from "./routes.ts";

/**
 * OpenAPI 3.1 from the routes and their zod schemas (zod emits JSON Schema 2020-12, which is
 * OpenAPI 3.1's dialect). Named schemas (`.meta({ id })`) become components.
 */
export function openApiDocument(routes: Route[]): Record<string, unknown> {
  const components: Record<string, unknown> = {};
  const schema = (name: ContractName, io: "input" | "output") => {
    // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the document describes every contract
    const s: z.ZodMiniType = contracts[name];
    const json = z.toJSONSchema(s, {
      target: "draft-2020-12",
      io,
      unrepresentable: "any",
      reused: "inline",
    }) as Record<string, unknown>;
    const {
      $defs,
      $schema: _dialect,
      ...rest
    } = json as { $defs?: Record<string, unknown>; $schema?: string };
    for (const [name, def] of Object.entries($defs ?? {})) components[name] = rewriteRefs(def);
    const id = z.globalRegistry.get(s)?.id;
    if (id) {
      // zod already puts a schema with an id under `$defs` and answers `{ $ref }` to it: keeping
      // that answer as the component would make the component a reference to itself.
      if (!$defs?.[id]) components[id] = rewriteRefs(rest);
      return { $ref: `#/components/schemas/${id}` };
    }
    return rewriteRefs(rest);
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const parameters: unknown[] = [];
    for (const [name, s] of Object.entries(route.pathParams ?? {})) {
      parameters.push({ name, in: "path", required: true, schema: schema(s, "input") });
    }
    if (route.query) {
      const q = schema(route.query, "input") as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: "query", required: q.required?.includes(name) ?? false, schema: s });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, r] of Object.entries(route.responses)) {
      responses[status] = {
        description: r.description,
        ...(r.schema ? { content: { "application/json": { schema: schema(r.schema, "output") } } } : {}),
      };
    }
    if (!route.public) {
      for (const [status, description] of Object.entries(COMMON_ERRORS)) {
        if (status === "413" || status === "415") {
          if (!route.body) continue;
        }
        responses[status] ??= { description };
        (responses[status] as Record<string, unknown>).content = {
          "application/json": { schema: schema("errorSchema", "output") },
        };
      }
    }
    const operation = {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/[{}]/g, "").replace(/[/.-](\w)/g, (_, c: string) => c.toUpperCase())}`,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(route.public ? { security: [] } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schema(route.body, "input") } },
            },
          }
        : {}),
      responses,
    };
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "targetwatch API",
      version: "1.0.0",
      description:
        "Per workshop and per NLB: mode (instance, ip, mixed), target counts, target states and health transitions with their timing. All times are ISO 8601 UTC.",
    },
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", description: "The API token" } },
      schemas: components,
    },
  };
}

/** zod writes `#/$defs/X`; OpenAPI components live at `#/components/schemas/X`. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string"
          ? v.replace("#/$defs/", "#/components/schemas/")
          : rewriteRefs(v),
      ]),
    );
  }
  return value;
}
