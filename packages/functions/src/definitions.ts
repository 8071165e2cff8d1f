/**
 * What infra needs to know about the functions to deploy them: plain data, nothing that runs,
 * so the SST app does not load the handlers' dependencies.
 */

export { API_ROUTE_KEYS, DASHBOARD_PACKAGE_DIR } from "./api/route-keys.ts";
export { COLLECTOR_NODE_OPTIONS } from "./collector/node-options.ts";
