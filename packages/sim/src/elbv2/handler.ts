import type { RequestContext, SimResponse } from "../protocol.ts";
import type { ElbReadModel } from "../world/elb-view.ts";
import { describeListeners } from "./actions/describe-listeners.ts";
import { describeLoadBalancers } from "./actions/describe-load-balancers.ts";
import { describeTags } from "./actions/describe-tags.ts";
import { describeTargetGroups } from "./actions/describe-target-groups.ts";
import { describeTargetHealth } from "./actions/describe-target-health.ts";
import { Elbv2Error, elbv2ErrorResponse } from "./errors.ts";
import { elbv2Response } from "./response.ts";

export const ELBV2_API_VERSION = "2015-12-01";

/** Serves one action; returns the inner XML of `<ActionResult>`, or throws an {@link Elbv2Error}. */
export type Elbv2Action = (params: URLSearchParams, model: ElbReadModel, ctx: RequestContext) => string;

const ACTIONS = new Map<string, Elbv2Action>([
  ["DescribeLoadBalancers", describeLoadBalancers],
  ["DescribeTargetGroups", describeTargetGroups],
  ["DescribeTargetHealth", describeTargetHealth],
  ["DescribeTags", describeTags],
  ["DescribeListeners", describeListeners],
]);

/** The ELBv2 (awsQuery) API: the read-only calls targetwatch and the AWS CLI's `describe-*` make. */
export function handleElbv2(params: URLSearchParams, model: ElbReadModel, ctx: RequestContext): SimResponse {
  try {
    const action = params.get("Action");
    if (action === null || action === "") {
      throw new Elbv2Error("InvalidAction", "The request must contain the parameter Action");
    }
    // Version is optional here (unlike on AWS) so hand-written curl calls stay short; a wrong one
    // is refused, since the same endpoint serves Classic ELB's 2012-06-01 API on AWS.
    const version = params.get("Version") ?? ELBV2_API_VERSION;
    const run = ACTIONS.get(action);
    if (run === undefined || version !== ELBV2_API_VERSION) {
      throw new Elbv2Error("InvalidAction", `Could not find operation ${action} for version ${version}`);
    }
    return elbv2Response(action, run(params, model, ctx), ctx);
  } catch (error) {
    if (error instanceof Elbv2Error) return elbv2ErrorResponse(error, ctx);
    throw error;
  }
}
