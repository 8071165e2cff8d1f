/**
 * The API's routes as API Gateway route keys, for infra (one HTTP API route each, plus `$default`
 * so that unknown paths still get this API's JSON errors). A test keeps it equal to the routes
 * the handler serves.
 */
export const API_ROUTE_KEYS = [
  "GET /health",
  "GET /openapi.json",
  "GET /workshops",
  "GET /workshops/{id}",
  "PUT /workshops/{id}",
  "DELETE /workshops/{id}",
  "GET /workshops/{id}/load-balancers",
  "GET /workshops/{id}/load-balancers/{name}",
  "GET /workshops/{id}/transitions",
  "GET /workshops/{id}/accounts",
  "POST /workshops/{id}/join-code/rotate",
  "DELETE /workshops/{id}/join-code",
  "POST /workshops/{id}/join",
  "PUT /workshops/{id}/accounts/{accountId}",
  "DELETE /workshops/{id}/accounts/{accountId}",
  "POST /workshops/{id}/external-id/rotate",
  "GET /workshops/{id}/stats",
  "GET /workshops/{id}/board",
  "GET /",
  "GET /assets/{file}",
] as const;

/**
 * Where infra copies the built dashboard page (packages/dashboard/dist) inside the API
 * function's package; the handler serves it from there (`$LAMBDA_TASK_ROOT/dashboard`).
 */
export const DASHBOARD_PACKAGE_DIR = "dashboard";
