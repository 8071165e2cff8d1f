import { SeededRandom } from "../random.ts";
import type {
  ClusterSpec,
  DeploymentSpec,
  HealthCheckSpec,
  ServiceSpec,
  TimingSpec,
} from "../scenario/schema.ts";
import type {
  ElbReadModel,
  ListenerView,
  LoadBalancerView,
  Tag,
  TargetGroupView,
  TargetHealthDescriptionView,
  TargetHealthState,
  TargetType,
} from "./elb-view.ts";
import { type HealthChange, TargetHealthTracker } from "./health-check.ts";
import {
  controllerResourceName,
  ec2Id,
  hostInSubnet,
  listenerArn,
  loadBalancerArn,
  loadBalancerDnsName,
  nlbHostedZoneId,
  podName,
  targetGroupArn,
  WORKSHOP_SUBNET_BASES,
} from "./naming.ts";

/** Something that happens to the Kubernetes world; the controller reacts as the real one does. */
export type WorldAction =
  | { action: "createService"; cluster: string; service: ServiceSpec }
  | { action: "deleteService"; cluster: string; service: string }
  | { action: "setTargetType"; cluster: string; service: string; targetType: TargetType }
  | { action: "scale"; cluster: string; deployment: string; replicas: number }
  | { action: "failPod"; cluster: string; deployment: string; pod: number }
  | { action: "recoverPod"; cluster: string; deployment: string; pod: number };

export interface WorldOptions {
  accountId: string;
  defaultRegion: string;
  healthCheck: HealthCheckSpec;
  timing: TimingSpec;
  seed: number;
  /** Simulated epoch ms at which the world starts. */
  start: number;
  /** Human-readable account of what happens, for the CLI. */
  log?: (at: number, message: string) => void;
}

/** A target's true state change, to the millisecond: what a perfect collector would record. */
export interface TruthEvent extends HealthChange {
  region: string;
  cluster: string;
  service: string;
  loadBalancerName: string;
  targetGroupArn: string;
  targetGroupName: string;
  targetType: TargetType;
  targetId: string;
  port: number;
}

export class WorldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorldError";
  }
}

interface Node {
  instanceId: string;
  az: string;
  subnetId: string;
  /** First address of the node's /19; its pods get addresses there too (VPC CNI). */
  subnetBase: string;
  privateIp: string;
}

interface Pod {
  /** Ordinal in creation order within its deployment; `failPod` / `recoverPod` address pods by it. */
  index: number;
  name: string;
  ip: string;
  node: Node;
  readyAt: number;
  failing: boolean;
}

interface Deployment {
  spec: DeploymentSpec;
  templateHash: string;
  pods: Pod[];
  created: number;
}

interface Target {
  id: string;
  port: number;
  az: string;
  tracker: TargetHealthTracker;
  pod?: Pod;
}

interface TargetGroup {
  view: TargetGroupView;
  tags: Tag[];
  region: string;
  service: Service;
  targets: Map<string, Target>;
}

interface LoadBalancer {
  view: LoadBalancerView;
  tags: Tag[];
  listener: ListenerView;
  activeAt: number;
}

interface Service {
  key: string;
  spec: ServiceSpec;
  cluster: Cluster;
  nodePort: number;
  lb: LoadBalancer;
  /** The target group the listener forwards to. */
  current: TargetGroup;
  /** Replaced target groups, still attached while their targets drain (the NLB is `mixed` meanwhile). */
  draining: TargetGroup[];
}

interface Cluster {
  name: string;
  region: string;
  vpcId: string;
  nodes: Node[];
  deployments: Map<string, Deployment>;
  services: Map<string, Service>;
  usedIps: Set<string>;
}

interface RegionIndex {
  loadBalancers: LoadBalancer[];
  targetGroups: TargetGroup[];
  byArn: Map<string, LoadBalancer | TargetGroup>;
}

interface Scheduled {
  at: number;
  seq: number;
  run: () => void;
}

/**
 * The simulated Kubernetes clusters and the AWS Load Balancer Controller acting on them,
 * exposed to the ELBv2 protocol layer as an {@link ElbReadModel}. Time only moves through
 * {@link advanceTo}: scheduled steps and internal events (pods becoming ready, target groups
 * finishing draining) run in time order, each at its own instant, so health checks see every
 * change exactly when it happened however coarsely the world is advanced.
 */
export class World implements ElbReadModel {
  readonly #options: WorldOptions;
  readonly #random: SeededRandom;
  readonly #clusters = new Map<string, Cluster>();
  readonly #regions = new Map<string, RegionIndex>();
  readonly #queue: Scheduled[] = [];
  readonly #truth: TruthEvent[] = [];
  #seq = 0;
  #now: number;

  constructor(options: WorldOptions) {
    this.#options = options;
    this.#random = new SeededRandom(options.seed);
    this.#now = options.start;
  }

  get now(): number {
    return this.#now;
  }

  get accountId(): string {
    return this.#options.accountId;
  }

  /** Runs everything scheduled up to `now`, in order, each at its own time. */
  advanceTo(now: number): void {
    while (this.#queue.length > 0 && (this.#queue[0] as Scheduled).at <= now) {
      const next = this.#queue.shift() as Scheduled;
      this.#now = Math.max(this.#now, next.at);
      next.run();
    }
    this.#now = Math.max(this.#now, now);
  }

  /** Schedules `action` at simulated `at` (runs on the next {@link advanceTo} that reaches it). */
  schedule(at: number, action: WorldAction): void {
    this.#enqueue(at, () => this.#applyScheduled(action));
  }

  /** Time of the next scheduled event, if any — lets a live runner know when something happens. */
  nextEventAt(): number | undefined {
    return this.#queue[0]?.at;
  }

  addCluster(spec: ClusterSpec, name = spec.name, servicesAt = this.#now): void {
    if (this.#clusters.has(name)) throw new WorldError(`cluster "${name}" already exists`);
    const region = spec.region ?? this.#options.defaultRegion;
    const random = this.#random;
    const cluster: Cluster = {
      name,
      region,
      vpcId: ec2Id("vpc", random),
      nodes: [],
      deployments: new Map(),
      services: new Map(),
      usedIps: new Set(),
    };
    const zones =
      typeof spec.nodes === "number" ? defaultZones(region, spec.nodes) : spec.nodes.map((n) => n.az);
    const subnets = new Map<string, { id: string; base: string }>();
    for (const az of zones) {
      if (!subnets.has(az)) {
        subnets.set(az, {
          id: ec2Id("subnet", random),
          base: WORKSHOP_SUBNET_BASES[subnets.size % WORKSHOP_SUBNET_BASES.length] as string,
        });
      }
      const subnet = subnets.get(az) as { id: string; base: string };
      cluster.nodes.push({
        instanceId: ec2Id("i", random),
        az,
        subnetId: subnet.id,
        subnetBase: subnet.base,
        privateIp: hostInSubnet(subnet.base, cluster.usedIps, random),
      });
    }
    this.#clusters.set(name, cluster);
    for (const deployment of spec.deployments) {
      const key = `${deployment.namespace}/${deployment.name}`;
      cluster.deployments.set(key, { spec: deployment, templateHash: random.hex(10), pods: [], created: 0 });
      this.#scaleDeployment(cluster, key, deployment.replicas, this.#now);
    }
    for (const service of spec.services) {
      this.#enqueue(servicesAt, () =>
        this.#applyScheduled({ action: "createService", cluster: name, service }),
      );
    }
  }

  /** Applies one action now. Throws {@link WorldError} when it names something that does not exist. */
  apply(action: WorldAction): void {
    const cluster = this.#cluster(action.cluster);
    const at = this.#now;
    switch (action.action) {
      case "createService":
        this.#createService(cluster, action.service, at);
        break;
      case "deleteService":
        this.#deleteService(cluster, this.#service(cluster, action.service), at);
        break;
      case "setTargetType":
        this.#setTargetType(this.#service(cluster, action.service), action.targetType, at);
        break;
      case "scale":
        this.#deployment(cluster, action.deployment);
        this.#scaleDeployment(cluster, action.deployment, action.replicas, at);
        break;
      case "failPod":
      case "recoverPod": {
        const deployment = this.#deployment(cluster, action.deployment);
        const pod = deployment.pods.find((p) => p.index === action.pod);
        if (!pod) {
          const live = deployment.pods.map((p) => p.index).join(", ") || "none";
          throw new WorldError(
            `deployment ${action.deployment} in cluster "${cluster.name}" has no pod ${action.pod} (live pods: ${live})`,
          );
        }
        pod.failing = action.action === "failPod";
        this.#log(
          at,
          `${cluster.name}: pod ${pod.name} ${pod.failing ? "starts failing" : "passes"} health checks`,
        );
        this.#refreshBackends(cluster, action.deployment, at);
        break;
      }
    }
  }

  /**
   * A scheduled step that no longer fits the world (say, a pod index scaled away by a live
   * command) is reported and skipped: one bad step must not stop the simulation.
   */
  #applyScheduled(action: WorldAction): void {
    try {
      this.apply(action);
    } catch (error) {
      if (!(error instanceof WorldError)) throw error;
      this.#log(this.#now, `skipped ${action.action}: ${error.message}`);
    }
  }

  /** Every true target state change so far, oldest first. */
  truth(): TruthEvent[] {
    for (const index of this.#regions.values()) {
      for (const tg of index.targetGroups)
        for (const target of tg.targets.values()) target.tracker.healthAt(this.#now);
    }
    return [...this.#truth].sort((a, b) => a.at - b.at);
  }

  /** The world at a glance: clusters, services, their NLB, target groups and targets. */
  summary(): WorldSummary {
    return {
      now: new Date(this.#now).toISOString(),
      clusters: [...this.#clusters.values()].map((cluster) => ({
        name: cluster.name,
        region: cluster.region,
        nodes: cluster.nodes.map((n) => ({
          instanceId: n.instanceId,
          availabilityZone: n.az,
          privateIp: n.privateIp,
        })),
        deployments: [...cluster.deployments.entries()].map(([key, d]) => ({
          name: key,
          replicas: d.pods.length,
          pods: d.pods.map((p) => ({
            index: p.index,
            name: p.name,
            ip: p.ip,
            failing: p.failing,
            availabilityZone: p.node.az,
          })),
        })),
        services: [...cluster.services.values()].map((s) => ({
          name: s.key,
          targetType: s.spec.targetType,
          loadBalancer: {
            name: s.lb.view.LoadBalancerName,
            arn: s.lb.view.LoadBalancerArn,
            dnsName: s.lb.view.DNSName,
            state: this.#lbState(s.lb),
          },
          targetGroups: [s.current, ...s.draining].map((tg) => ({
            name: tg.view.TargetGroupName,
            arn: tg.view.TargetGroupArn,
            targetType: tg.view.TargetType,
            targets:
              this.targetHealth(tg.region, tg.view.TargetGroupArn)?.map((d) => ({
                id: d.Target.Id,
                port: d.Target.Port,
                state: d.TargetHealth.State,
                ...(d.TargetHealth.Reason ? { reason: d.TargetHealth.Reason } : {}),
              })) ?? [],
          })),
        })),
      })),
    };
  }

  // ---- ElbReadModel ----

  loadBalancers(region: string): readonly LoadBalancerView[] {
    return (this.#regions.get(region)?.loadBalancers ?? []).map((lb) => this.#lbView(lb));
  }

  targetGroups(region: string): readonly TargetGroupView[] {
    return (this.#regions.get(region)?.targetGroups ?? []).map((tg) => tg.view);
  }

  targetHealth(region: string, arn: string): readonly TargetHealthDescriptionView[] | undefined {
    const tg = this.#regions.get(region)?.byArn.get(arn);
    if (!tg || !("targets" in tg)) return undefined;
    const out: TargetHealthDescriptionView[] = [];
    for (const [key, target] of tg.targets) {
      const health = target.tracker.healthAt(this.#now);
      if (!health) {
        tg.targets.delete(key);
        continue;
      }
      out.push({
        Target: { Id: target.id, Port: target.port, AvailabilityZone: target.az },
        HealthCheckPort: String(target.port),
        TargetHealth: {
          State: health.state,
          ...(health.reason ? { Reason: health.reason } : {}),
          ...(health.description ? { Description: health.description } : {}),
        },
      });
    }
    return out;
  }

  listeners(region: string, arn: string): readonly ListenerView[] | undefined {
    const lb = this.#regions.get(region)?.byArn.get(arn);
    if (!lb || !("listener" in lb)) return undefined;
    return [lb.listener];
  }

  tags(region: string, arn: string): readonly Tag[] | undefined {
    return this.#regions.get(region)?.byArn.get(arn)?.tags;
  }

  // ---- the controller ----

  #createService(cluster: Cluster, spec: ServiceSpec, at: number): void {
    const key = `${spec.namespace}/${spec.name}`;
    if (cluster.services.has(key))
      throw new WorldError(`service ${key} already exists in cluster "${cluster.name}"`);
    this.#deployment(cluster, spec.deployment);
    const random = this.#random;
    const region = cluster.region;
    const account = this.#options.accountId;
    const name = controllerResourceName(spec.namespace, spec.name, random);
    const id = random.hex(16);
    const arn = loadBalancerArn(region, account, name, id);
    const zones = [...new Map(cluster.nodes.map((n) => [n.az, n.subnetId])).entries()];
    const lb: LoadBalancer = {
      view: {
        LoadBalancerArn: arn,
        LoadBalancerName: name,
        DNSName: loadBalancerDnsName(name, id, region),
        CanonicalHostedZoneId: nlbHostedZoneId(region),
        CreatedTime: new Date(at),
        Scheme: spec.scheme,
        VpcId: cluster.vpcId,
        State: { Code: "provisioning" },
        Type: "network",
        IpAddressType: "ipv4",
        AvailabilityZones: zones.map(([ZoneName, SubnetId]) => ({ ZoneName, SubnetId })),
        SecurityGroups: [ec2Id("sg", random), ec2Id("sg", random)],
      },
      tags: [
        { Key: "elbv2.k8s.aws/cluster", Value: cluster.name },
        { Key: "service.k8s.aws/resource", Value: "LoadBalancer" },
        { Key: "service.k8s.aws/stack", Value: key },
      ],
      listener: {
        ListenerArn: listenerArn(region, account, name, id, random.hex(16)),
        LoadBalancerArn: arn,
        Port: spec.port,
        Protocol: "TCP",
        DefaultActions: [],
      },
      activeAt: at + this.#options.timing.provisioningSeconds * 1000,
    };
    const service: Service = {
      key,
      spec,
      cluster,
      nodePort: random.int(30000, 32767),
      lb,
      current: undefined as unknown as TargetGroup,
      draining: [],
    };
    const index = this.#region(region);
    index.loadBalancers.push(lb);
    index.byArn.set(arn, lb);
    cluster.services.set(key, service);
    service.current = this.#createTargetGroup(service, spec.targetType, at);
    this.#log(at, `${cluster.name}: service ${key} created (${spec.targetType} mode) → NLB ${name}`);
  }

  #createTargetGroup(service: Service, targetType: TargetType, at: number): TargetGroup {
    const { cluster, spec } = service;
    const hc = this.#options.healthCheck;
    const name = controllerResourceName(spec.namespace, spec.name, this.#random);
    const arn = targetGroupArn(cluster.region, this.#options.accountId, name, this.#random.hex(16));
    const deployment = this.#deployment(cluster, spec.deployment);
    const port =
      targetType === "instance" ? service.nodePort : (spec.targetPort ?? deployment.spec.containerPort);
    const tg: TargetGroup = {
      view: {
        TargetGroupArn: arn,
        TargetGroupName: name,
        Protocol: "TCP",
        Port: port,
        VpcId: cluster.vpcId,
        HealthCheckProtocol: "TCP",
        HealthCheckPort: "traffic-port",
        HealthCheckEnabled: true,
        HealthCheckIntervalSeconds: hc.intervalSeconds,
        HealthCheckTimeoutSeconds: hc.timeoutSeconds,
        HealthyThresholdCount: hc.healthyThreshold,
        UnhealthyThresholdCount: hc.unhealthyThreshold,
        LoadBalancerArns: [service.lb.view.LoadBalancerArn],
        TargetType: targetType,
        IpAddressType: "ipv4",
      },
      tags: [
        { Key: "elbv2.k8s.aws/cluster", Value: cluster.name },
        { Key: "service.k8s.aws/resource", Value: `${service.key}:${spec.port}` },
        { Key: "service.k8s.aws/stack", Value: service.key },
      ],
      region: cluster.region,
      service,
      targets: new Map(),
    };
    const index = this.#region(cluster.region);
    index.targetGroups.push(tg);
    index.byArn.set(arn, tg);
    service.lb.listener.DefaultActions = [{ Type: "forward", TargetGroupArn: arn }];
    if (targetType === "instance") {
      const passing = this.#anyPodPassing(deployment, at);
      for (const node of cluster.nodes) this.#register(tg, node.instanceId, port, node.az, passing, at);
    } else {
      for (const pod of deployment.pods)
        this.#register(tg, pod.ip, port, pod.node.az, podPassing(pod, at), at, pod);
    }
    return tg;
  }

  #register(
    tg: TargetGroup,
    id: string,
    port: number,
    az: string,
    passing: boolean,
    at: number,
    pod?: Pod,
  ): void {
    const { service } = tg;
    const tracker = new TargetHealthTracker({
      registeredAt: at,
      passing,
      settings: this.#options.healthCheck,
      timing: this.#options.timing,
      onChange: (change) =>
        this.#truth.push({
          ...change,
          region: tg.region,
          cluster: service.cluster.name,
          service: service.key,
          loadBalancerName: service.lb.view.LoadBalancerName,
          targetGroupArn: tg.view.TargetGroupArn,
          targetGroupName: tg.view.TargetGroupName,
          targetType: tg.view.TargetType,
          targetId: id,
          port,
        }),
    });
    tg.targets.set(`${id}:${port}`, { id, port, az, tracker, ...(pod ? { pod } : {}) });
  }

  #setTargetType(service: Service, targetType: TargetType, at: number): void {
    if (service.current.view.TargetType === targetType) return;
    const old = service.current;
    service.spec = { ...service.spec, targetType };
    // The controller creates the new target group, points the listener at it, then deregisters
    // the old targets; the old group stays attached until they have drained, then is deleted.
    service.current = this.#createTargetGroup(service, targetType, at);
    service.draining.push(old);
    for (const target of old.targets.values()) target.tracker.deregister(at);
    this.#enqueue(at + this.#options.timing.deregistrationDelaySeconds * 1000, () =>
      this.#deleteTargetGroup(old),
    );
    this.#log(
      at,
      `${service.cluster.name}: service ${service.key} patched to ${targetType} mode → target group ${service.current.view.TargetGroupName}; ${old.view.TargetGroupName} draining`,
    );
  }

  #deleteTargetGroup(tg: TargetGroup): void {
    const index = this.#region(tg.region);
    if (!index.byArn.has(tg.view.TargetGroupArn)) return;
    index.byArn.delete(tg.view.TargetGroupArn);
    index.targetGroups.splice(index.targetGroups.indexOf(tg), 1);
    tg.service.draining = tg.service.draining.filter((other) => other !== tg);
    for (const target of tg.targets.values()) target.tracker.healthAt(this.#now);
  }

  #deleteService(cluster: Cluster, service: Service, at: number): void {
    for (const tg of [service.current, ...service.draining]) {
      for (const target of tg.targets.values()) target.tracker.healthAt(at);
      this.#deleteTargetGroup(tg);
    }
    const index = this.#region(cluster.region);
    index.byArn.delete(service.lb.view.LoadBalancerArn);
    index.loadBalancers.splice(index.loadBalancers.indexOf(service.lb), 1);
    cluster.services.delete(service.key);
    this.#log(
      at,
      `${cluster.name}: service ${service.key} deleted → NLB ${service.lb.view.LoadBalancerName} deleted`,
    );
  }

  #scaleDeployment(cluster: Cluster, key: string, replicas: number, at: number): void {
    const deployment = cluster.deployments.get(key) as Deployment;
    const before = deployment.pods.length;
    while (deployment.pods.length < replicas) {
      // Spread pods over nodes as the scheduler's zone spreading would.
      const node = cluster.nodes[deployment.created % cluster.nodes.length] as Node;
      const pod: Pod = {
        index: deployment.created++,
        name: podName(deployment.spec.name, deployment.templateHash, this.#random),
        ip: hostInSubnet(node.subnetBase, cluster.usedIps, this.#random),
        node,
        readyAt: at + this.#options.timing.podStartSeconds * 1000,
        failing: false,
      };
      deployment.pods.push(pod);
      for (const tg of this.#ipGroupsFor(cluster, key)) {
        this.#register(tg, pod.ip, tg.view.Port, node.az, podPassing(pod, at), at, pod);
      }
      this.#enqueue(pod.readyAt, () => this.#refreshBackends(cluster, key, pod.readyAt));
    }
    while (deployment.pods.length > replicas) {
      // ReplicaSets remove the newest pods first.
      const pod = deployment.pods.pop() as Pod;
      cluster.usedIps.delete(pod.ip);
      for (const tg of this.#ipGroupsFor(cluster, key))
        tg.targets.get(`${pod.ip}:${tg.view.Port}`)?.tracker.deregister(at);
    }
    if (before !== replicas && before !== 0)
      this.#log(at, `${cluster.name}: deployment ${key} scaled ${before} → ${replicas}`);
    this.#refreshBackends(cluster, key, at);
  }

  /** Tells every target backed by `deployment` whether its health checks now pass. */
  #refreshBackends(cluster: Cluster, deploymentKey: string, at: number): void {
    const deployment = cluster.deployments.get(deploymentKey) as Deployment;
    // Instance targets reach pods through kube-proxy (externalTrafficPolicy: Cluster), so a node
    // passes while any pod of the service does.
    const anyPassing = this.#anyPodPassing(deployment, at);
    for (const service of cluster.services.values()) {
      if (service.spec.deployment !== deploymentKey) continue;
      for (const tg of [service.current, ...service.draining]) {
        for (const target of tg.targets.values()) {
          target.tracker.setPassing(at, target.pod ? podPassing(target.pod, at) : anyPassing);
        }
      }
    }
  }

  #ipGroupsFor(cluster: Cluster, deploymentKey: string): TargetGroup[] {
    return [...cluster.services.values()]
      .filter((s) => s.spec.deployment === deploymentKey && s.current.view.TargetType === "ip")
      .map((s) => s.current);
  }

  #anyPodPassing(deployment: Deployment, at: number): boolean {
    return deployment.pods.some((pod) => podPassing(pod, at));
  }

  #lbState(lb: LoadBalancer): LoadBalancerView["State"]["Code"] {
    return this.#now >= lb.activeAt ? "active" : "provisioning";
  }

  #lbView(lb: LoadBalancer): LoadBalancerView {
    const code = this.#lbState(lb);
    if (lb.view.State.Code !== code) lb.view = { ...lb.view, State: { Code: code } };
    return lb.view;
  }

  #cluster(name: string): Cluster {
    const cluster = this.#clusters.get(name);
    if (!cluster) {
      throw new WorldError(
        `no cluster named "${name}" (clusters: ${[...this.#clusters.keys()].join(", ") || "none"})`,
      );
    }
    return cluster;
  }

  #service(cluster: Cluster, key: string): Service {
    const service = cluster.services.get(key);
    if (!service) {
      throw new WorldError(
        `no service ${key} in cluster "${cluster.name}" (services: ${[...cluster.services.keys()].join(", ") || "none"})`,
      );
    }
    return service;
  }

  #deployment(cluster: Cluster, key: string): Deployment {
    const deployment = cluster.deployments.get(key);
    if (!deployment) {
      throw new WorldError(
        `no deployment ${key} in cluster "${cluster.name}" (deployments: ${[...cluster.deployments.keys()].join(", ") || "none"})`,
      );
    }
    return deployment;
  }

  #region(region: string): RegionIndex {
    let index = this.#regions.get(region);
    if (!index) {
      index = { loadBalancers: [], targetGroups: [], byArn: new Map() };
      this.#regions.set(region, index);
    }
    return index;
  }

  #enqueue(at: number, run: () => void): void {
    const item = { at, seq: this.#seq++, run };
    // Binary search keeps the queue ordered by time, then by insertion for equal times.
    let lo = 0;
    let hi = this.#queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.#queue[mid] as Scheduled).at <= at) lo = mid + 1;
      else hi = mid;
    }
    this.#queue.splice(lo, 0, item);
  }

  #log(at: number, message: string): void {
    this.#options.log?.(at, message);
  }
}

function podPassing(pod: Pod, at: number): boolean {
  return at >= pod.readyAt && !pod.failing;
}

/** `count` nodes spread over the region's zones a, b, c like the workshop's managed node group. */
function defaultZones(region: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${region}${"abc"[i % 3]}`);
}

export interface WorldSummary {
  now: string;
  clusters: {
    name: string;
    region: string;
    nodes: { instanceId: string; availabilityZone: string; privateIp: string }[];
    deployments: {
      name: string;
      replicas: number;
      pods: { index: number; name: string; ip: string; failing: boolean; availabilityZone: string }[];
    }[];
    services: {
      name: string;
      targetType: TargetType;
      loadBalancer: { name: string; arn: string; dnsName: string; state: string };
      targetGroups: {
        name: string;
        arn: string;
        targetType: TargetType;
        targets: { id: string; port: number; state: TargetHealthState; reason?: string }[];
      }[];
    }[];
  }[];
}
