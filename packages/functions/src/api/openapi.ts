import * as contracts from "@targetwatch/core/contracts";
import * as z from "zod/mini";
import { COMMON_ERRORS, type ContractName, type Route } from "./routes.ts";

/** A contract's JSON Schema, or a `$ref` to the component it was filed under. */
type SchemaOf = (name: ContractName, io: "input" | "output") => unknown;

/**
 * OpenAPI 3.1 from the routes and their zod schemas (zod emits JSON Schema 2020-12, which is
 * OpenAPI 3.1's dialect). Named schemas (`.meta({ id })`) become components.
 */
export function openApiDocument(routes: Route[]): Record<string, unknown> {
  const components: Record<string, unknown> = {};
  const schema = componentFiler(components);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    paths[route.path] = {
      ...(paths[route.path] ?? {}),
      [route.method.toLowerCase()]: operation(route, schema),
    };
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

/**
 * A `SchemaOf` that files every named schema it meets into `components`. Components are filed
 * in the order schemas are asked for, which fixes their order in the document.
 */
function componentFiler(components: Record<string, unknown>): SchemaOf {
  return (name, io) => {
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
    for (const [defName, def] of Object.entries($defs ?? {})) components[defName] = rewriteRefs(def);
    const id = z.globalRegistry.get(s)?.id;
    if (id) {
      // zod already puts a schema with an id under `$defs` and answers `{ $ref }` to it: keeping
      // that answer as the component would make the component a reference to itself.
      if (!$defs?.[id]) components[id] = rewriteRefs(rest);
      return { $ref: `#/components/schemas/${id}` };
    }
    return rewriteRefs(rest);
  };
}

/** One route's operation object. Schemas are asked for in document order: parameters, responses, body. */
function operation(route: Route, schema: SchemaOf): Record<string, unknown> {
  const parameters = parametersOf(route, schema);
  const responses = responsesOf(route, schema);
  return {
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
}

/** The path parameters, then the query's properties as query parameters. */
function parametersOf(route: Route, schema: SchemaOf): unknown[] {
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
  return parameters;
}

/** The route's own responses, then the errors every authenticated route may give (413/415 only with a body). */
function responsesOf(route: Route, schema: SchemaOf): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(route.responses)) {
    responses[status] = {
      description: r.description,
      ...(r.schema ? { content: { "application/json": { schema: schema(r.schema, "output") } } } : {}),
    };
  }
  if (route.public) return responses;
  for (const [status, description] of Object.entries(COMMON_ERRORS)) {
    if ((status === "413" || status === "415") && !route.body) continue;
    responses[status] ??= { description };
    (responses[status] as Record<string, unknown>).content = {
      "application/json": { schema: schema("errorSchema", "output") },
    };
  }
  return responses;
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
