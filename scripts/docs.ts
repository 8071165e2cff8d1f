/** `npm run docs`: rewrites docs/api.md from the API's OpenAPI document. */
import { writeFile } from "node:fs/promises";
import { apiReferenceMarkdown } from "@targetwatch/functions";

await writeFile("docs/api.md", await apiReferenceMarkdown());
console.log("docs/api.md written");
