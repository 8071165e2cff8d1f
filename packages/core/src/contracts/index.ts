/**
 * The API contract, once: zod schemas of every request and response. The API validates requests
 * and generates its OpenAPI document (`GET /openapi.json`) from them, and the query layer's view
 * types are their outputs, so code, validation and documentation cannot drift apart.
 */

export {
  accountInputSchema,
  accountListSchema,
  accountStatusSchema,
  workshopAccountSchema,
} from "./account.ts";
export { boardSchema, dashboardAssetNameSchema, stageCountsSchema } from "./board.ts";
export { modeSchema, regionSchema, targetStateSchema } from "./common.ts";
export { errorSchema } from "./error.ts";
export { healthSchema } from "./health.ts";
export { joinCodeSchema, joinInputSchema, joinResultSchema } from "./join.ts";
export {
  ambiguousNameErrorSchema,
  loadBalancerDetailSchema,
  loadBalancerListSchema,
  loadBalancerNameSchema,
  loadBalancerQuerySchema,
  loadBalancerSchema,
  loadBalancersQuerySchema,
  targetSchema,
} from "./load-balancer.ts";
export { statsQuerySchema, statsSchema, statsScopeSchema } from "./stats.ts";
export { transitionListSchema, transitionSchema, transitionsQuerySchema } from "./transition.ts";
export {
  accountIdSchema,
  externalIdRotationSchema,
  joinCodeStateSchema,
  selectorSchema,
  workshopIdSchema,
  workshopInputSchema,
  workshopListSchema,
  workshopSchema,
} from "./workshop.ts";
