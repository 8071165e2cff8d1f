export {
  apiReferenceMarkdown,
  requestValidatorsSource,
  servedOpenApiDocumentText,
} from "./api/api-reference-source.ts";
export { type Api, type ApiDependencies, type ApiLogger, createApi } from "./api/create-api-handler.ts";
export { handler as apiHandler } from "./api/handler.ts";
export { handler as collectorHandler } from "./collector/handler.ts";
export { COLLECTOR_NODE_OPTIONS } from "./collector/node-options.ts";
