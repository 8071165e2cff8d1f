import type { RequestContext } from "../../protocol.ts";
import type { ElbReadModel, TargetGroupView } from "../../world/elb-view.ts";
import { assertLoadBalancerArn, assertTargetGroupArn } from "../arn.ts";
import { Elbv2Error } from "../errors.ts";
import { pageRequest, paginate } from "../pagination.ts";
import { memberList, stringParam, validationError } from "../query.ts";
import { targetGroupXml } from "../serialize.ts";
import { xmlList, xmlOptional } from "../xml.ts";
import { nonEmpty, select } from "./common.ts";

export function describeTargetGroups(
  params: URLSearchParams,
  model: ElbReadModel,
  ctx: RequestContext,
): string {
  const page = pageRequest(params);
  const loadBalancerArn = stringParam(params, "LoadBalancerArn");
  const arns = nonEmpty(memberList(params, "TargetGroupArns"));
  const names = nonEmpty(memberList(params, "Names"));
  const filters =
    Number(loadBalancerArn !== undefined) + Number(arns !== undefined) + Number(names !== undefined);
  if (filters > 1) {
    throw validationError(
      "Only one of load balancer ARN, target group ARNs, or target group names can be specified",
    );
  }

  let selected = model.targetGroups(ctx.region);
  if (loadBalancerArn !== undefined) {
    assertLoadBalancerArn(loadBalancerArn);
    if (!model.loadBalancers(ctx.region).some((lb) => lb.LoadBalancerArn === loadBalancerArn)) {
      throw new Elbv2Error("LoadBalancerNotFound", "One or more load balancers not found");
    }
    selected = selected.filter((tg) => tg.LoadBalancerArns.includes(loadBalancerArn));
  } else if (arns) {
    for (const arn of arns) assertTargetGroupArn(arn);
    selected = select(selected, arnOf, arns, targetGroupsNotFound);
  } else if (names) {
    selected = select(selected, (tg) => tg.TargetGroupName, names, targetGroupsNotFound);
  }

  const { items, nextMarker } = paginate("DescribeTargetGroups", selected, arnOf, page);
  return xmlList("TargetGroups", items, targetGroupXml) + xmlOptional("NextMarker", nextMarker);
}

function arnOf(tg: TargetGroupView): string {
  return tg.TargetGroupArn;
}

function targetGroupsNotFound(): never {
  throw new Elbv2Error("TargetGroupNotFound", "One or more target groups not found");
}
