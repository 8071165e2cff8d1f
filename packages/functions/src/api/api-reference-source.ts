import { Logger } from "@aws-lambda-powertools/logger";
import { WorkshopQueries } from "@targetwatch/core/queries";
import { renderApiReference } from "./api-reference.ts";
import { createApi } from "./create-api-handler.ts";
import { openApiDocument } from "./openapi.ts";

/** The OpenAPI document as the routes and their schemas describe them today (no store is touched). */
export function currentOpenApiDocument(): Record<string, unknown> {
  const api = createApi({
    queries: new WorkshopQueries({ store: {} as never, defaultRegions: [], tokenSecret: "docs" }),
    token: "documentation-only-token",
    logger: new Logger({ logLevel: "SILENT" }),
  });
  return openApiDocument(api.routes);
}

/** The reference as the code describes it today. */
export async function apiReferenceMarkdown(): Promise<string> {
  return renderApiReference(currentOpenApiDocument());
}

/** packages/functions/src/api/openapi-document.json, the document the API serves, as it must read today. */
export function servedOpenApiDocumentText(): string {
  return `${JSON.stringify(currentOpenApiDocument(), null, 2)}\n`;
}
