import { Logger } from "@aws-lambda-powertools/logger";
import * as contracts from "@targetwatch/core/contracts";
import { WorkshopQueries } from "@targetwatch/core/queries";
import { renderApiReference } from "./api-reference.ts";
import { createApi } from "./create-api-handler.ts";
import { openApiDocument } from "./openapi.ts";
import type { ContractName, Route } from "./routes.ts";
import { compileValidators } from "./validation/compile-validators.ts";

/** The routes as the API serves them today (no store is touched). */
function currentRoutes(): Route[] {
  return createApi({
    queries: new WorkshopQueries({ store: {} as never, defaultRegions: [], tokenSecret: "docs" }),
    token: "documentation-only-token",
    logger: new Logger({ logLevel: "SILENT" }),
  }).routes;
}

/** The OpenAPI document as the routes and their schemas describe them today. */
export function currentOpenApiDocument(): Record<string, unknown> {
  return openApiDocument(currentRoutes());
}

/**
 * packages/functions/src/api/validation/request-validators.generated.ts as it must read today:
 * the validators compiled from every contract a route names for its path, query or body.
 */
export function requestValidatorsSource(): string {
  const names = new Set<ContractName>();
  for (const route of currentRoutes()) {
    for (const name of Object.values(route.pathParams ?? {})) names.add(name);
    if (route.query) names.add(route.query);
    if (route.body) names.add(route.body);
  }
  // biome-ignore lint/performance/noDynamicNamespaceImportAccess: build time; every request contract is compiled
  const schemas = Object.fromEntries([...names].map((name) => [name, contracts[name]]));
  return compileValidators(schemas, "@targetwatch/core/contracts");
}

/** The reference as the code describes it today. */
export async function apiReferenceMarkdown(): Promise<string> {
  return renderApiReference(currentOpenApiDocument());
}

/** packages/functions/src/api/openapi-document.json, the document the API serves, as it must read today. */
export function servedOpenApiDocumentText(): string {
  return `${JSON.stringify(currentOpenApiDocument(), null, 2)}\n`;
}
