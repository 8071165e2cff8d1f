export { renderApiReference } from "./api-reference.ts";
export { type ApiComposition, type ComposedApi, composeApi } from "./compose-api.ts";
export { type Api, type ApiDependencies, type ApiLogger, createApi } from "./create-api-handler.ts";
export { openApiDocument } from "./openapi.ts";
export { type Route, routeKeys } from "./routes.ts";
