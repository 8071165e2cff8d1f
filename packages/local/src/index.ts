export * from "./api-gateway/api-gateway-server.ts";
export { type LocalApi, type LocalApiOptions, startLocalApi } from "./local-api.ts";
