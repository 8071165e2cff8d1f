import type {
  ListenerView,
  LoadBalancerView,
  Tag,
  TargetGroupView,
  TargetHealthDescriptionView,
} from "../world/elb-view.ts";
import { escapeXml, xmlList, xmlOptional, xmlStringList, xmlText } from "./xml.ts";

/**
 * The ELBv2 shapes as XML, members in the order of the service model (the SDK does not care,
 * but it keeps a diff against a captured AWS response readable).
 */

/** Target groups carry a Matcher only for HTTP health checks; the read model may add it later. */
interface MatcherView {
  HttpCode?: string;
  GrpcCode?: string;
}

export function loadBalancerXml(lb: LoadBalancerView): string {
  return (
    xmlText("LoadBalancerArn", lb.LoadBalancerArn) +
    xmlText("DNSName", lb.DNSName) +
    xmlText("CanonicalHostedZoneId", lb.CanonicalHostedZoneId) +
    xmlText("CreatedTime", isoTime(lb.CreatedTime)) +
    xmlText("LoadBalancerName", lb.LoadBalancerName) +
    xmlText("Scheme", lb.Scheme) +
    xmlText("VpcId", lb.VpcId) +
    `<State>${xmlText("Code", lb.State.Code)}${xmlOptional("Reason", lb.State.Reason)}</State>` +
    xmlText("Type", lb.Type) +
    // AWS sends an empty LoadBalancerAddresses for NLB subnets without Elastic IPs.
    xmlList(
      "AvailabilityZones",
      lb.AvailabilityZones,
      (az) =>
        `${xmlText("ZoneName", az.ZoneName)}${xmlText("SubnetId", az.SubnetId)}<LoadBalancerAddresses/>`,
    ) +
    // NLBs created without security groups have no SecurityGroups member at all.
    (lb.SecurityGroups.length > 0 ? xmlStringList("SecurityGroups", lb.SecurityGroups) : "") +
    xmlText("IpAddressType", lb.IpAddressType)
  );
}

export function targetGroupXml(tg: TargetGroupView): string {
  const matcher = (tg as TargetGroupView & { Matcher?: MatcherView }).Matcher;
  return (
    xmlText("TargetGroupArn", tg.TargetGroupArn) +
    xmlText("TargetGroupName", tg.TargetGroupName) +
    xmlText("Protocol", tg.Protocol) +
    xmlText("Port", String(tg.Port)) +
    xmlText("VpcId", tg.VpcId) +
    xmlText("HealthCheckProtocol", tg.HealthCheckProtocol) +
    xmlText("HealthCheckPort", tg.HealthCheckPort) +
    xmlText("HealthCheckEnabled", String(tg.HealthCheckEnabled)) +
    xmlText("HealthCheckIntervalSeconds", String(tg.HealthCheckIntervalSeconds)) +
    xmlText("HealthCheckTimeoutSeconds", String(tg.HealthCheckTimeoutSeconds)) +
    xmlText("HealthyThresholdCount", String(tg.HealthyThresholdCount)) +
    xmlText("UnhealthyThresholdCount", String(tg.UnhealthyThresholdCount)) +
    xmlOptional("HealthCheckPath", tg.HealthCheckPath) +
    (matcher
      ? `<Matcher>${xmlOptional("HttpCode", matcher.HttpCode)}${xmlOptional("GrpcCode", matcher.GrpcCode)}</Matcher>`
      : "") +
    xmlStringList("LoadBalancerArns", tg.LoadBalancerArns) +
    xmlText("TargetType", tg.TargetType) +
    xmlText("IpAddressType", tg.IpAddressType)
  );
}

/**
 * One TargetHealthDescription. `AnomalyDetection` only when the request's `Include` asked for it
 * (and the target has some: an ALB feature); `AdministrativeOverride` whenever the target has one.
 */
export function targetHealthDescriptionXml(
  d: TargetHealthDescriptionView,
  options: { anomalyDetection?: boolean } = {},
): string {
  const {
    Target: target,
    TargetHealth: health,
    AnomalyDetection: anomaly,
    AdministrativeOverride: override,
  } = d;
  return (
    `<Target>${xmlText("Id", target.Id)}${xmlText("Port", String(target.Port))}` +
    `${xmlOptional("AvailabilityZone", target.AvailabilityZone)}</Target>` +
    xmlText("HealthCheckPort", d.HealthCheckPort) +
    `<TargetHealth>${xmlText("State", health.State)}${xmlOptional("Reason", health.Reason)}` +
    `${xmlOptional("Description", health.Description)}</TargetHealth>` +
    (anomaly && options.anomalyDetection
      ? `<AnomalyDetection>${xmlText("Result", anomaly.Result)}${xmlText("MitigationInEffect", anomaly.MitigationInEffect)}</AnomalyDetection>`
      : "") +
    (override
      ? `<AdministrativeOverride>${xmlText("State", override.State)}${xmlText("Reason", override.Reason)}` +
        `${xmlText("Description", override.Description)}</AdministrativeOverride>`
      : "")
  );
}

export function listenerXml(listener: ListenerView): string {
  return (
    xmlText("ListenerArn", listener.ListenerArn) +
    xmlText("LoadBalancerArn", listener.LoadBalancerArn) +
    xmlText("Port", String(listener.Port)) +
    xmlText("Protocol", listener.Protocol) +
    xmlList("DefaultActions", listener.DefaultActions, (action) => {
      const tg = escapeXml(action.TargetGroupArn);
      // AWS describes a plain forward both ways: the TargetGroupArn shorthand and the
      // equivalent weighted ForwardConfig.
      return (
        xmlText("Type", action.Type) +
        `<TargetGroupArn>${tg}</TargetGroupArn>` +
        xmlOptional("Order", action.Order) +
        `<ForwardConfig><TargetGroups><member><TargetGroupArn>${tg}</TargetGroupArn><Weight>1</Weight></member></TargetGroups>` +
        "<TargetGroupStickinessConfig><Enabled>false</Enabled></TargetGroupStickinessConfig></ForwardConfig>"
      );
    })
  );
}

export function tagDescriptionXml(resourceArn: string, tags: readonly Tag[]): string {
  return (
    xmlText("ResourceArn", resourceArn) +
    xmlList("Tags", tags, (tag) => `${xmlText("Key", tag.Key)}${xmlText("Value", tag.Value)}`)
  );
}

/** `2026-01-01T00:00:00.000Z`, as AWS writes timestamps in awsQuery responses. */
function isoTime(value: Date | number | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
