/**
 * `npm run docs`: rewrites what is generated from the API's routes and schemas: docs/api.md and
 * the OpenAPI document the API serves (packages/functions/src/api/openapi-document.json) and
 * the request validators compiled from the contracts
 * (packages/functions/src/api/validation/request-validators.generated.ts).
 */
import { writeFile } from "node:fs/promises";
import {
  apiReferenceMarkdown,
  requestValidatorsSource,
  servedOpenApiDocumentText,
} from "@targetwatch/functions";

await writeFile("docs/api.md", await apiReferenceMarkdown());
await writeFile("packages/functions/src/api/openapi-document.json", servedOpenApiDocumentText());
const VALIDATORS = "packages/functions/src/api/validation/request-validators.generated.ts";
await writeFile(VALIDATORS, requestValidatorsSource());
console.log(`docs/api.md, packages/functions/src/api/openapi-document.json and ${VALIDATORS} written`);
