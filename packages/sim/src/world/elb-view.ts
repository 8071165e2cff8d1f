/**
 * The read model the ELBv2 protocol layer serves. The world (clusters, services, pods and the
 * controller that turns them into NLBs) keeps these up to date; the protocol layer only reads.
 * Field names follow the ELBv2 API shapes so serialization stays a plain mapping.
 */

export type TargetType = "instance" | "ip";

export type TargetHealthState =
  | "initial"
  | "healthy"
  | "unhealthy"
  | "unhealthy.draining"
  | "unused"
  | "draining"
  | "unavailable";

export interface Tag {
  Key: string;
  Value: string;
}

export interface LoadBalancerView {
  LoadBalancerArn: string;
  LoadBalancerName: string;
  DNSName: string;
  CanonicalHostedZoneId: string;
  CreatedTime: Date;
  Scheme: "internet-facing" | "internal";
  VpcId: string;
  State: { Code: "provisioning" | "active" | "active_impaired" | "failed"; Reason?: string };
  Type: "network";
  IpAddressType: "ipv4";
  AvailabilityZones: { ZoneName: string; SubnetId: string }[];
  SecurityGroups: string[];
}

export interface TargetGroupView {
  TargetGroupArn: string;
  TargetGroupName: string;
  Protocol: "TCP";
  Port: number;
  VpcId: string;
  HealthCheckProtocol: "TCP" | "HTTP";
  HealthCheckPort: string;
  HealthCheckEnabled: boolean;
  HealthCheckIntervalSeconds: number;
  HealthCheckTimeoutSeconds: number;
  HealthyThresholdCount: number;
  UnhealthyThresholdCount: number;
  HealthCheckPath?: string;
  LoadBalancerArns: string[];
  TargetType: TargetType;
  IpAddressType: "ipv4";
}

export interface TargetHealthDescriptionView {
  /** `AvailabilityZone` only where AWS gives one: ip targets, not instance targets in the VPC. */
  Target: { Id: string; Port: number; AvailabilityZone?: string };
  HealthCheckPort: string;
  TargetHealth: { State: TargetHealthState; Reason?: string; Description?: string };
  /** Only for target groups with anomaly detection (an ALB feature), and only when `Include` asks. */
  AnomalyDetection?: { Result: "anomalous" | "normal"; MitigationInEffect: "yes" | "no" };
  /** NLBs answer `no_override` unless a zonal shift is active. */
  AdministrativeOverride?: { State: string; Reason: string; Description: string };
}

export interface ListenerView {
  ListenerArn: string;
  LoadBalancerArn: string;
  Port: number;
  Protocol: "TCP";
  DefaultActions: { Type: "forward"; TargetGroupArn: string; Order?: number }[];
}

/**
 * Everything is per region: a request signed for `eu-west-1` sees only that region's resources.
 * Lists come back in a stable order (creation order) so Marker pagination is consistent; a target
 * group's targets come back in no particular order, as from AWS.
 */
export interface ElbReadModel {
  loadBalancers(region: string): readonly LoadBalancerView[];
  targetGroups(region: string): readonly TargetGroupView[];
  /** `undefined` when no such target group exists in the region. */
  targetHealth(region: string, targetGroupArn: string): readonly TargetHealthDescriptionView[] | undefined;
  /** `undefined` when no such load balancer exists in the region. */
  listeners(region: string, loadBalancerArn: string): readonly ListenerView[] | undefined;
  /** `undefined` when no load balancer or target group has this ARN in the region. */
  tags(region: string, resourceArn: string): readonly Tag[] | undefined;
}
