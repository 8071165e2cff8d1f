import type { RequestContext } from "../../protocol.ts";
import type { ElbReadModel, Tag } from "../../world/elb-view.ts";
import { isListenerArn, isLoadBalancerArn, isTargetGroupArn, loadBalancerArnOfListener } from "../arn.ts";
import { Elbv2Error } from "../errors.ts";
import { constraintViolation, maxLength, memberList, validationError } from "../query.ts";
import { tagDescriptionXml } from "../serialize.ts";
import { xmlList } from "../xml.ts";

const MAX_RESOURCE_ARNS = 20;
const NO_TAGS: readonly Tag[] = [];

export function describeTags(params: URLSearchParams, model: ElbReadModel, ctx: RequestContext): string {
  const arns = memberList(params, "ResourceArns");
  if (arns === undefined) throw constraintViolation(null, "resourceArns", "Member must not be null");
  maxLength(arns, MAX_RESOURCE_ARNS, "resourceArns");
  const unique = [...new Set(arns)];
  const descriptions = unique.map((arn) => ({ arn, tags: tagsOf(model, ctx.region, arn) }));
  return xmlList("TagDescriptions", descriptions, ({ arn, tags }) => tagDescriptionXml(arn, tags));
}

function tagsOf(model: ElbReadModel, region: string, arn: string): readonly Tag[] {
  if (isLoadBalancerArn(arn)) {
    const tags = model.tags(region, arn);
    if (tags === undefined) throw new Elbv2Error("LoadBalancerNotFound", `Load balancers '${arn}' not found`);
    return tags;
  }
  if (isTargetGroupArn(arn)) {
    const tags = model.tags(region, arn);
    if (tags === undefined) throw new Elbv2Error("TargetGroupNotFound", `Target groups '${arn}' not found`);
    return tags;
  }
  if (isListenerArn(arn)) {
    // The read model keeps no listener tags (the controller sets none that targetwatch reads).
    const lbArn = loadBalancerArnOfListener(arn) ?? "";
    const found = model.listeners(region, lbArn)?.some((listener) => listener.ListenerArn === arn);
    if (!found) throw new Elbv2Error("ListenerNotFound", "One or more listeners not found");
    return model.tags(region, arn) ?? NO_TAGS;
  }
  throw validationError(`'${arn}' is not a valid resource ARN`);
}
