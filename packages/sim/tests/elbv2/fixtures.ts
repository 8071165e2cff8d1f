import { SeededRandom, seedFromString } from "../../src/random.ts";
import type {
  ElbReadModel,
  ListenerView,
  LoadBalancerView,
  Tag,
  TargetGroupView,
  TargetHealthDescriptionView,
} from "../../src/world/elb-view.ts";

export const ACCOUNT = "123456789012";
export const CLUSTER = "eks-workshop";
export const CREATED_AT = Date.UTC(2026, 0, 1);
/** Tag value on the first NLB of every region, to check XML escaping end to end. */
export const AWKWARD_TAG: Tag = { Key: "note", Value: `a<b & "c" 'd'>` };

const NAMESPACES = ["ui", "catalog", "carts", "checkout", "orders"];

interface RegionData {
  loadBalancers: LoadBalancerView[];
  targetGroups: TargetGroupView[];
  health: Map<string, TargetHealthDescriptionView[]>;
  listeners: Map<string, ListenerView[]>;
  tags: Map<string, Tag[]>;
}

/**
 * A read model shaped like a workshop in flight: every NLB made by the Load Balancer Controller
 * for `<ns>/<ns>-nlb`, with an instance-mode target group (3 nodes on a NodePort, healthy) and an
 * ip-mode one (3 pods on 8080, still registering) — both attached, so every shape the protocol
 * layer serves occurs. Targets are shaped as AWS answers: no zone on instance targets, an
 * administrative override on every target; the healthy pod also carries an anomaly-detection
 * result (AWS gives those only for ALBs) so `Include` can be checked.
 */
export class FixtureModel implements ElbReadModel {
  readonly #regions = new Map<string, RegionData>();

  /** `counts`: NLBs per region, e.g. `{ "us-west-2": 450, "eu-west-1": 2 }`. */
  constructor(counts: Record<string, number>) {
    for (const [region, count] of Object.entries(counts))
      this.#regions.set(region, buildRegion(region, count));
  }

  region(region: string): RegionData {
    const data = this.#regions.get(region);
    if (!data) throw new Error(`fixture has no region ${region}`);
    return data;
  }

  loadBalancers(region: string): readonly LoadBalancerView[] {
    return this.#regions.get(region)?.loadBalancers ?? [];
  }

  targetGroups(region: string): readonly TargetGroupView[] {
    return this.#regions.get(region)?.targetGroups ?? [];
  }

  targetHealth(region: string, targetGroupArn: string): readonly TargetHealthDescriptionView[] | undefined {
    return this.#regions.get(region)?.health.get(targetGroupArn);
  }

  listeners(region: string, loadBalancerArn: string): readonly ListenerView[] | undefined {
    return this.#regions.get(region)?.listeners.get(loadBalancerArn);
  }

  tags(region: string, resourceArn: string): readonly Tag[] | undefined {
    return this.#regions.get(region)?.tags.get(resourceArn);
  }
}

function buildRegion(region: string, count: number): RegionData {
  const random = new SeededRandom(seedFromString(region));
  const data: RegionData = {
    loadBalancers: [],
    targetGroups: [],
    health: new Map(),
    listeners: new Map(),
    tags: new Map(),
  };
  const prefix = `arn:aws:elasticloadbalancing:${region}:${ACCOUNT}`;
  const vpcId = `vpc-${random.hex(17)}`;
  const zones = ["a", "b", "c"].map((z) => ({
    ZoneName: `${region}${z}`,
    SubnetId: `subnet-${random.hex(17)}`,
  }));
  const nodes = zones.map((zone) => ({ id: `i-${random.hex(17)}`, zone: zone.ZoneName }));

  for (let i = 0; i < count; i++) {
    const ns = NAMESPACES[i % NAMESPACES.length] ?? "ui";
    const service = `${ns}-nlb`;
    const name = `k8s-${ns}-${service.replace(/[^A-Za-z0-9]/g, "").slice(0, 8)}-${random.hex(10)}`;
    const lbId = random.hex(16);
    const lbArn = `${prefix}:loadbalancer/net/${name}/${lbId}`;
    data.loadBalancers.push({
      LoadBalancerArn: lbArn,
      LoadBalancerName: name,
      DNSName: `${name}-${lbId}.elb.${region}.amazonaws.com`,
      CanonicalHostedZoneId: "Z18D5FSROUN65G",
      CreatedTime: new Date(CREATED_AT + i * 1000),
      Scheme: "internet-facing",
      VpcId: vpcId,
      State: i % 7 === 3 ? { Code: "provisioning" } : { Code: "active" },
      Type: "network",
      IpAddressType: "ipv4",
      AvailabilityZones: zones,
      SecurityGroups: i % 2 === 0 ? [`sg-${random.hex(17)}`] : [],
    });
    const lbTags: Tag[] = [
      { Key: "elbv2.k8s.aws/cluster", Value: CLUSTER },
      { Key: "service.k8s.aws/stack", Value: `${ns}/${service}` },
      { Key: "service.k8s.aws/resource", Value: "LoadBalancer" },
    ];
    if (i === 0) lbTags.push(AWKWARD_TAG);
    data.tags.set(lbArn, lbTags);

    const nodePort = 30000 + (i % 2000);
    const instanceTg = targetGroup(prefix, ns, service, random, vpcId, lbArn, "instance", nodePort);
    const ipTg = targetGroup(prefix, ns, service, random, vpcId, lbArn, "ip", 8080);
    for (const tg of [instanceTg, ipTg]) {
      data.targetGroups.push(tg);
      data.tags.set(tg.TargetGroupArn, [
        { Key: "elbv2.k8s.aws/cluster", Value: CLUSTER },
        { Key: "service.k8s.aws/stack", Value: `${ns}/${service}` },
        { Key: "service.k8s.aws/resource", Value: `${ns}/${service}:80` },
      ]);
    }
    data.health.set(
      instanceTg.TargetGroupArn,
      nodes.map((node) => ({
        Target: { Id: node.id, Port: nodePort },
        HealthCheckPort: String(nodePort),
        TargetHealth: { State: "healthy" },
        AdministrativeOverride: NO_OVERRIDE,
      })),
    );
    data.health.set(ipTg.TargetGroupArn, [
      podTarget(zones[0]?.ZoneName, random, {
        State: "initial",
        Reason: "Elb.RegistrationInProgress",
        Description: "Target registration is in progress",
      }),
      podTarget(zones[1]?.ZoneName, random, {
        State: "initial",
        Reason: "Elb.InitialHealthChecking",
        Description: "Initial health checks in progress",
      }),
      {
        ...podTarget(zones[2]?.ZoneName, random, { State: "healthy" }),
        AnomalyDetection: { Result: "normal", MitigationInEffect: "no" },
      },
    ]);
    data.listeners.set(lbArn, [
      {
        ListenerArn: `${prefix}:listener/net/${name}/${lbId}/${random.hex(16)}`,
        LoadBalancerArn: lbArn,
        Port: 80,
        Protocol: "TCP",
        DefaultActions: [{ Type: "forward", TargetGroupArn: ipTg.TargetGroupArn }],
      },
    ]);
  }
  return data;
}

function targetGroup(
  prefix: string,
  ns: string,
  service: string,
  random: SeededRandom,
  vpcId: string,
  lbArn: string,
  type: "instance" | "ip",
  port: number,
): TargetGroupView {
  const name = `k8s-${ns}-${service.replace(/[^A-Za-z0-9]/g, "").slice(0, 8)}-${random.hex(10)}`;
  const common = {
    TargetGroupArn: `${prefix}:targetgroup/${name}/${random.hex(16)}`,
    TargetGroupName: name,
    Protocol: "TCP" as const,
    Port: port,
    VpcId: vpcId,
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 10,
    HealthCheckTimeoutSeconds: 10,
    HealthyThresholdCount: 3,
    UnhealthyThresholdCount: 3,
    LoadBalancerArns: [lbArn],
    TargetType: type,
    IpAddressType: "ipv4" as const,
  };
  if (type === "instance") return { ...common, HealthCheckProtocol: "TCP", HealthCheckPort: "traffic-port" };
  // An HTTP health check on the ip-mode group exercises HealthCheckPath and Matcher.
  return Object.assign(
    {
      ...common,
      HealthCheckProtocol: "HTTP" as const,
      HealthCheckPort: "traffic-port",
      HealthCheckPath: "/actuator/health/liveness",
    },
    { Matcher: { HttpCode: "200-399" } },
  );
}

function podTarget(
  zone: string | undefined,
  random: SeededRandom,
  health: TargetHealthDescriptionView["TargetHealth"],
): TargetHealthDescriptionView {
  return {
    Target: {
      Id: `10.42.${random.int(0, 255)}.${random.int(1, 254)}`,
      Port: 8080,
      AvailabilityZone: zone ?? "",
    },
    HealthCheckPort: "8080",
    TargetHealth: health,
    AdministrativeOverride: NO_OVERRIDE,
  };
}

export const NO_OVERRIDE = {
  State: "no_override",
  Reason: "AdministrativeOverride.NoOverride",
  Description: "No override is currently active on target",
};
