import type { RequestContext } from "../../protocol.ts";
import type { ElbReadModel, ListenerView } from "../../world/elb-view.ts";
import { assertListenerArn, assertLoadBalancerArn, loadBalancerArnOfListener } from "../arn.ts";
import { Elbv2Error } from "../errors.ts";
import { pageRequest, paginate } from "../pagination.ts";
import { memberList, stringParam, validationError } from "../query.ts";
import { listenerXml } from "../serialize.ts";
import { xmlList, xmlOptional } from "../xml.ts";
import { nonEmpty } from "./common.ts";

export function describeListeners(params: URLSearchParams, model: ElbReadModel, ctx: RequestContext): string {
  const page = pageRequest(params);
  const loadBalancerArn = stringParam(params, "LoadBalancerArn");
  const listenerArns = nonEmpty(memberList(params, "ListenerArns"));
  if (loadBalancerArn !== undefined && listenerArns !== undefined) {
    throw validationError("Listener ARNs and a load balancer ARN cannot be specified at the same time");
  }

  let selected: readonly ListenerView[];
  if (loadBalancerArn !== undefined) {
    assertLoadBalancerArn(loadBalancerArn);
    const listeners = model.listeners(ctx.region, loadBalancerArn);
    if (listeners === undefined)
      throw new Elbv2Error("LoadBalancerNotFound", "One or more load balancers not found");
    selected = listeners;
  } else if (listenerArns !== undefined) {
    for (const arn of listenerArns) assertListenerArn(arn);
    selected = [...new Set(listenerArns)].map((arn) => findListener(model, ctx.region, arn));
  } else {
    throw validationError("You must specify either listener ARNs or a load balancer ARN");
  }

  const { items, nextMarker } = paginate("DescribeListeners", selected, (l) => l.ListenerArn, page);
  return xmlList("Listeners", items, listenerXml) + xmlOptional("NextMarker", nextMarker);
}

function findListener(model: ElbReadModel, region: string, arn: string): ListenerView {
  const lbArn = loadBalancerArnOfListener(arn) ?? "";
  const listener = model.listeners(region, lbArn)?.find((l) => l.ListenerArn === arn);
  if (!listener) throw new Elbv2Error("ListenerNotFound", "One or more listeners not found");
  return listener;
}
