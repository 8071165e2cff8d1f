import type { SeededRandom } from "../random.ts";
import type {
  CreateLoadBalancerInput,
  CreateTargetGroupInput,
  ElbApi,
  RegisteredTarget,
  TargetDescription,
} from "./elb-api.ts";
import type {
  ListenerView,
  LoadBalancerView,
  Tag,
  TargetGroupView,
  TargetHealthDescriptionView,
} from "./elb-view.ts";
import { type HealthChange, type HealthCheckSettings, TargetHealthTracker } from "./health-check.ts";
import {
  ec2Id,
  listenerArn,
  loadBalancerArn,
  loadBalancerDnsName,
  nlbHostedZoneId,
  targetGroupArn,
} from "./naming.ts";
import { describeTarget } from "./target-description.ts";
import type { Timing } from "./timing.ts";

export interface ElbModelOptions {
  accountId: string;
  region: string;
  random: SeededRandom;
  /** Shuffles each DescribeTargetHealth answer; its own sequence, so reads never change the world. */
  order: SeededRandom;
  timing: Pick<Timing, "provisioningMs" | "target">;
  /** Simulated time of reads. */
  now: () => number;
}

interface LoadBalancer {
  /** The 16 hex digits AWS puts at the end of the ARN. */
  id: string;
  view: LoadBalancerView;
  tags: Tag[];
  listener?: ListenerView;
  activeAt: number;
}

interface TargetGroup {
  view: TargetGroupView;
  tags: Tag[];
  healthCheck: HealthCheckSettings;
  targets: Map<string, RegisteredTarget>;
}

const targetKey = (target: TargetDescription) => `${target.id}:${target.port}`;

/**
 * The network load balancers, listeners and target groups of one account in one region, and
 * each registered target's health-check clock. Lists keep creation order, so Marker pagination
 * is stable; deleted resources disappear at once. A target group belongs to the load balancers
 * whose listeners forward to it, as on AWS.
 */
export class ElbModel implements ElbApi {
  readonly #options: ElbModelOptions;
  readonly #loadBalancers: LoadBalancer[] = [];
  readonly #targetGroups: TargetGroup[] = [];
  readonly #loadBalancerByArn = new Map<string, LoadBalancer>();
  readonly #targetGroupByArn = new Map<string, TargetGroup>();
  readonly #listeners = new Map<string, ListenerView>();

  constructor(options: ElbModelOptions) {
    this.#options = options;
  }

  // ---- ElbApi ----

  createLoadBalancer(input: CreateLoadBalancerInput, at: number): LoadBalancerView {
    const { accountId, region, random } = this.#options;
    const id = random.hex(16);
    const arn = loadBalancerArn(region, accountId, input.name, id);
    const lb: LoadBalancer = {
      id,
      view: {
        LoadBalancerArn: arn,
        LoadBalancerName: input.name,
        DNSName: loadBalancerDnsName(input.name, id, region),
        CanonicalHostedZoneId: nlbHostedZoneId(region),
        CreatedTime: new Date(at),
        Scheme: input.scheme,
        VpcId: input.vpcId,
        State: { Code: "provisioning" },
        Type: "network",
        IpAddressType: "ipv4",
        AvailabilityZones: input.availabilityZones,
        // The controller's frontend and backend security groups; not modelled beyond their IDs.
        SecurityGroups: [ec2Id("sg", random), ec2Id("sg", random)],
      },
      tags: input.tags,
      activeAt: at + this.#options.timing.provisioningMs(),
    };
    this.#loadBalancers.push(lb);
    this.#loadBalancerByArn.set(arn, lb);
    return lb.view;
  }

  createListener(loadBalancerArn: string, port: number): ListenerView {
    const { accountId, region, random } = this.#options;
    const lb = this.#loadBalancerByArn.get(loadBalancerArn);
    if (!lb) throw new Error(`no load balancer ${loadBalancerArn} in ${region}`);
    const arn = listenerArn(region, accountId, lb.view.LoadBalancerName, lb.id, random.hex(16));
    const listener: ListenerView = {
      ListenerArn: arn,
      LoadBalancerArn: loadBalancerArn,
      Port: port,
      Protocol: "TCP",
      DefaultActions: [],
    };
    lb.listener = listener;
    this.#listeners.set(arn, listener);
    return listener;
  }

  modifyListener(listenerArn: string, targetGroupArn: string, at: number): void {
    const listener = this.#listeners.get(listenerArn);
    if (!listener) return;
    const before = listener.DefaultActions.map((a) => a.TargetGroupArn);
    listener.DefaultActions = [{ Type: "forward", TargetGroupArn: targetGroupArn }];
    for (const arn of new Set([...before, targetGroupArn])) this.#relink(arn, at);
  }

  deleteLoadBalancer(loadBalancerArn: string, at: number): void {
    const lb = this.#loadBalancerByArn.get(loadBalancerArn);
    if (!lb) return;
    this.#loadBalancerByArn.delete(loadBalancerArn);
    this.#loadBalancers.splice(this.#loadBalancers.indexOf(lb), 1);
    if (!lb.listener) return;
    this.#listeners.delete(lb.listener.ListenerArn);
    for (const action of lb.listener.DefaultActions) this.#relink(action.TargetGroupArn, at);
  }

  createTargetGroup(input: CreateTargetGroupInput): TargetGroupView {
    const { accountId, region, random } = this.#options;
    const arn = targetGroupArn(region, accountId, input.name, random.hex(16));
    const hc = input.healthCheck;
    const tg: TargetGroup = {
      view: {
        TargetGroupArn: arn,
        TargetGroupName: input.name,
        Protocol: "TCP",
        Port: input.port,
        VpcId: input.vpcId,
        HealthCheckProtocol: "TCP",
        HealthCheckPort: "traffic-port",
        HealthCheckEnabled: true,
        HealthCheckIntervalSeconds: hc.intervalSeconds,
        HealthCheckTimeoutSeconds: hc.timeoutSeconds,
        HealthyThresholdCount: hc.healthyThreshold,
        UnhealthyThresholdCount: hc.unhealthyThreshold,
        LoadBalancerArns: [],
        TargetType: input.targetType,
        IpAddressType: "ipv4",
      },
      tags: input.tags,
      healthCheck: hc,
      targets: new Map(),
    };
    this.#targetGroups.push(tg);
    this.#targetGroupByArn.set(arn, tg);
    return tg.view;
  }

  deleteTargetGroup(targetGroupArn: string, at: number): "deleted" | "in-use" | "not-found" {
    const tg = this.#targetGroupByArn.get(targetGroupArn);
    if (!tg) return "not-found";
    if (tg.view.LoadBalancerArns.length > 0) return "in-use";
    this.#targetGroupByArn.delete(targetGroupArn);
    this.#targetGroups.splice(this.#targetGroups.indexOf(tg), 1);
    for (const target of tg.targets.values()) target.tracker.remove(at);
    return "deleted";
  }

  registerTarget(
    targetGroupArn: string,
    target: TargetDescription & { az: string },
    passing: boolean,
    at: number,
    onChange: (change: HealthChange) => void,
  ): RegisteredTarget {
    const tg = this.#targetGroupByArn.get(targetGroupArn);
    if (!tg) throw new Error(`no target group ${targetGroupArn} in ${this.#options.region}`);
    // Registering a target that is still draining starts it over, as a new registration.
    tg.targets.get(targetKey(target))?.tracker.remove(at);
    const tracker = new TargetHealthTracker({
      registeredAt: at,
      passing,
      settings: tg.healthCheck,
      timing: this.#options.timing.target(tg.healthCheck.intervalSeconds),
      onChange,
    });
    const registered = { id: target.id, port: target.port, az: target.az, tracker };
    tg.targets.set(targetKey(target), registered);
    return registered;
  }

  /** Whether a listener forwards to the group. */
  isAttached(targetGroupArn: string): boolean {
    return (this.#targetGroupByArn.get(targetGroupArn)?.view.LoadBalancerArns.length ?? 0) > 0;
  }

  deregisterTarget(targetGroupArn: string, target: TargetDescription, at: number): void {
    this.#targetGroupByArn.get(targetGroupArn)?.targets.get(targetKey(target))?.tracker.deregister(at);
  }

  targets(targetGroupArn: string): Iterable<RegisteredTarget> {
    return this.#targetGroupByArn.get(targetGroupArn)?.targets.values() ?? [];
  }

  // ---- reads, as the ELBv2 API answers them ----

  loadBalancers(): LoadBalancerView[] {
    return this.#loadBalancers.map((lb) => this.#view(lb));
  }

  /** The load balancer as it is now, if it exists. */
  loadBalancer(arn: string): LoadBalancerView | undefined {
    const lb = this.#loadBalancerByArn.get(arn);
    return lb ? this.#view(lb) : undefined;
  }

  targetGroups(): TargetGroupView[] {
    return this.#targetGroups.map((tg) => tg.view);
  }

  targetGroup(arn: string): TargetGroupView | undefined {
    return this.#targetGroupByArn.get(arn)?.view;
  }

  /**
   * Health of every target now, in registration order (for the world's summary); targets that
   * have left are dropped as they are seen.
   */
  targetHealth(targetGroupArn: string): TargetHealthDescriptionView[] | undefined {
    const tg = this.#targetGroupByArn.get(targetGroupArn);
    if (!tg) return undefined;
    const now = this.#options.now();
    const out: TargetHealthDescriptionView[] = [];
    for (const [key, target] of tg.targets) {
      const health = target.tracker.healthAt(now);
      if (!health) {
        tg.targets.delete(key);
        continue;
      }
      out.push(describeTarget(tg.view.TargetType, target, health));
    }
    return out;
  }

  /** {@link targetHealth} as DescribeTargetHealth answers it: in no particular order. */
  describeTargetHealth(targetGroupArn: string): TargetHealthDescriptionView[] | undefined {
    const out = this.targetHealth(targetGroupArn);
    if (!out) return undefined;
    const { order } = this.#options;
    for (let i = out.length - 1; i > 0; i--) {
      const j = order.int(0, i);
      [out[i], out[j]] = [out[j] as TargetHealthDescriptionView, out[i] as TargetHealthDescriptionView];
    }
    return out;
  }

  listeners(loadBalancerArn: string): ListenerView[] | undefined {
    const lb = this.#loadBalancerByArn.get(loadBalancerArn);
    if (!lb) return undefined;
    return lb.listener ? [lb.listener] : [];
  }

  tags(arn: string): Tag[] | undefined {
    return (this.#loadBalancerByArn.get(arn) ?? this.#targetGroupByArn.get(arn))?.tags;
  }

  /** Brings every target's health up to now, so every state change so far has been heard. */
  settle(): void {
    const now = this.#options.now();
    for (const tg of this.#targetGroups)
      for (const target of tg.targets.values()) target.tracker.healthAt(now);
  }

  /** Sets the group's `LoadBalancerArns` from the listeners now forwarding to it; detaches it when none does. */
  #relink(targetGroupArn: string, at: number): void {
    const tg = this.#targetGroupByArn.get(targetGroupArn);
    if (!tg) return;
    const arns = [...this.#listeners.values()]
      .filter((l) => l.DefaultActions.some((a) => a.TargetGroupArn === targetGroupArn))
      .map((l) => l.LoadBalancerArn);
    const wasAttached = tg.view.LoadBalancerArns.length > 0;
    tg.view = { ...tg.view, LoadBalancerArns: [...new Set(arns)] };
    if (wasAttached && arns.length === 0) for (const target of tg.targets.values()) target.tracker.detach(at);
  }

  /** The view with its state as of now (`provisioning` until the provisioning time has passed). */
  #view(lb: LoadBalancer): LoadBalancerView {
    const code = this.#options.now() >= lb.activeAt ? "active" : "provisioning";
    if (lb.view.State.Code !== code) lb.view = { ...lb.view, State: { Code: code } };
    return lb.view;
  }
}
