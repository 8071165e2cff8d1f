import type { RequestContext } from "../../protocol.ts";
import type { ElbReadModel, LoadBalancerView } from "../../world/elb-view.ts";
import { assertLoadBalancerArn } from "../arn.ts";
import { Elbv2Error } from "../errors.ts";
import { pageRequest, paginate } from "../pagination.ts";
import { listForMessage, maxLength, memberList, validationError } from "../query.ts";
import { loadBalancerXml } from "../serialize.ts";
import { xmlList, xmlOptional } from "../xml.ts";
import { nonEmpty, select } from "./common.ts";

/** AWS documents "up to 20 load balancers in a single call" for `LoadBalancerArns`. */
const MAX_ARNS = 20;

export function describeLoadBalancers(
  params: URLSearchParams,
  model: ElbReadModel,
  ctx: RequestContext,
): string {
  const page = pageRequest(params);
  const arns = nonEmpty(memberList(params, "LoadBalancerArns"));
  const names = nonEmpty(memberList(params, "Names"));
  if (arns && names)
    throw validationError("Load balancer names and load balancer ARNs cannot be specified at the same time");
  maxLength(arns, MAX_ARNS, "loadBalancerArns");

  let selected = model.loadBalancers(ctx.region);
  if (arns) {
    for (const arn of arns) assertLoadBalancerArn(arn);
    selected = select(
      selected,
      (lb) => lb.LoadBalancerArn,
      arns,
      () => {
        throw new Elbv2Error("LoadBalancerNotFound", "One or more load balancers not found");
      },
    );
  } else if (names) {
    selected = select(
      selected,
      (lb) => lb.LoadBalancerName,
      names,
      (missing) => {
        // What AWS answers for unknown names (unlike unknown ARNs): the names it could not find.
        throw new Elbv2Error("LoadBalancerNotFound", `Load balancers '${listForMessage(missing)}' not found`);
      },
    );
  }

  const { items, nextMarker } = paginate("DescribeLoadBalancers", selected, arnOf, page);
  return xmlList("LoadBalancers", items, loadBalancerXml) + xmlOptional("NextMarker", nextMarker);
}

function arnOf(lb: LoadBalancerView): string {
  return lb.LoadBalancerArn;
}
