import { Logger } from "@aws-lambda-powertools/logger";
import { WorkshopQueries } from "@targetwatch/core/queries";
import { renderApiReference } from "./api-reference.ts";
import { createApi } from "./create-api-handler.ts";
import { openApiDocument } from "./openapi.ts";

/** The reference as the code describes it today (no store is touched: only the routes are read). */
export async function apiReferenceMarkdown(): Promise<string> {
  const api = createApi({
    queries: new WorkshopQueries({ store: {} as never, defaultRegions: [], tokenSecret: "docs" }),
    token: "documentation-only-token",
    logger: new Logger({ logLevel: "SILENT" }),
  });
  return renderApiReference(openApiDocument(api.routes));
}
