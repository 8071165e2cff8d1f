/**
 * `npm run docs`: rewrites what is generated from the API's routes and schemas: docs/api.md and
 * the OpenAPI document the API serves (packages/functions/src/api/openapi-document.json).
 */
import { writeFile } from "node:fs/promises";
import { apiReferenceMarkdown, servedOpenApiDocumentText } from "@targetwatch/functions";

await writeFile("docs/api.md", await apiReferenceMarkdown());
await writeFile("packages/functions/src/api/openapi-document.json", servedOpenApiDocumentText());
console.log("docs/api.md and packages/functions/src/api/openapi-document.json written");
