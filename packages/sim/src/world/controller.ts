import type { SeededRandom } from "../random.ts";
import type { ControllerSpec } from "../scenario/schema.ts";
import { DescribeCallLedger } from "./controller-calls.ts";
import type { ElbApi } from "./elb-api.ts";
import type { LoadBalancerView, TargetGroupView, TargetType } from "./elb-view.ts";
import type { HealthChange, HealthCheckSettings } from "./health-check.ts";
import {
  anyPodServing,
  type Cluster,
  type ClusterWatcher,
  type Deployment,
  podReady,
  podServing,
  type Service,
} from "./kubernetes.ts";
import { controllerResourceName } from "./naming.ts";
import type { Timing } from "./timing.ts";
import type { TruthSubject } from "./truth-log.ts";

export interface LoadBalancerControllerOptions {
  /** The account's ELBv2 in a cluster's region. */
  elb: (region: string) => ElbApi;
  random: SeededRandom;
  timing: Pick<Timing, "reconcileMs">;
  /** Health-check settings the controller gives every target group (the scenario's). */
  healthCheck: HealthCheckSettings;
  /** How much the controller reads from ELBv2 besides its changes. */
  calls: ControllerSpec;
  schedule: (at: number, run: () => void) => void;
  log: (at: number, message: string) => void;
  /** Where each registered target's true health changes go. */
  recordTruth: (subject: TruthSubject) => (change: HealthChange) => void;
}

/** What a service's target groups hang off. */
interface Frontend {
  /** Kubernetes allocates it with the service; kept here as only instance-mode target groups use it. */
  nodePort: number;
  loadBalancer: LoadBalancerView;
  listenerArn: string;
}

/** The AWS resources the controller keeps for one service. */
interface Binding extends Frontend {
  /** The target group the listener forwards to. */
  current: TargetGroupView;
  /** Groups the listener no longer forwards to, until the controller has deleted them (seconds). */
  replaced: TargetGroupView[];
}

/** What the controller made of a service, for the world's summary. */
export interface ServiceResources {
  loadBalancerArn: string;
  /** The current target group first, then replaced ones not yet deleted. */
  targetGroupArns: string[];
}

/** DeleteTargetGroup is retried this often, for this long, while a listener still uses the group. */
const DELETE_RETRY_MS = 2000;
const DELETE_GIVE_UP_MS = 20_000;

/**
 * The AWS Load Balancer Controller: turns every Service of type LoadBalancer into an NLB with a
 * listener and a target group named and tagged as the real controller does, and registers the
 * nodes (instance mode) or the ready pods (ip mode). A target-type switch replaces the target
 * group: the new one is created, the listener re-pointed at it in place and its targets
 * registered, then — one reconcile later — the old group is deleted with its targets. It also
 * tells each target whether its backend passes the NLB's health check, and counts the Describe*
 * calls it makes, which draw from the account's throttling bucket.
 */
export class LoadBalancerController implements ClusterWatcher {
  readonly #options: LoadBalancerControllerOptions;
  readonly #bindings = new Map<Service, Binding>();
  readonly #calls = new DescribeCallLedger();

  constructor(options: LoadBalancerControllerOptions) {
    this.#options = options;
  }

  resourcesOf(service: Service): ServiceResources | undefined {
    const binding = this.#bindings.get(service);
    if (!binding) return undefined;
    return {
      loadBalancerArn: binding.loadBalancer.LoadBalancerArn,
      targetGroupArns: [binding.current, ...binding.replaced].map((tg) => tg.TargetGroupArn),
    };
  }

  /**
   * Describe* calls per second the controllers poll in `region` at `now`: each ip target group
   * with a target still `initial` is re-read every `targetHealthPollSeconds` (the requeue of a
   * binding whose pods wait on their target-health readiness gate; instance targets are nodes,
   * which have none).
   */
  pollingRate(region: string, now: number): number {
    const { targetHealthPollSeconds } = this.#options.calls;
    if (targetHealthPollSeconds <= 0) return 0;
    let groups = 0;
    for (const [service, binding] of this.#bindings) {
      if (service.cluster.region !== region || binding.current.TargetType !== "ip") continue;
      const targets = this.#options.elb(region).targets(binding.current.TargetGroupArn);
      for (const target of targets) {
        if (target.tracker.healthAt(now)?.state !== "initial") continue;
        groups++;
        break;
      }
    }
    return groups / targetHealthPollSeconds;
  }

  /** Describe* calls the controllers' reconciles made in `region` since simulated `since`, taken once. */
  takeReconcileCalls(region: string, since: number): number {
    return this.#calls.take(region, since);
  }

  serviceCreated(service: Service, at: number): void {
    const { cluster, spec, key } = service;
    const { random } = this.#options;
    const elb = this.#options.elb(cluster.region);
    const name = controllerResourceName(spec.namespace, spec.name, random);
    const loadBalancer = elb.createLoadBalancer(
      {
        name,
        scheme: spec.scheme,
        vpcId: cluster.vpcId,
        availabilityZones: [...new Map(cluster.nodes.map((n) => [n.az, n.subnetId])).entries()].map(
          ([ZoneName, SubnetId]) => ({ ZoneName, SubnetId }),
        ),
        tags: [
          { Key: "elbv2.k8s.aws/cluster", Value: cluster.name },
          { Key: "service.k8s.aws/resource", Value: "LoadBalancer" },
          { Key: "service.k8s.aws/stack", Value: key },
        ],
      },
      at,
    );
    const listener = elb.createListener(loadBalancer.LoadBalancerArn, spec.port);
    const frontend = { nodePort: random.int(30000, 32767), loadBalancer, listenerArn: listener.ListenerArn };
    const binding: Binding = {
      ...frontend,
      current: this.#createTargetGroup(service, frontend, spec.targetType, at),
      replaced: [],
    };
    this.#bindings.set(service, binding);
    this.#calls.add(cluster.region, this.#options.calls.describeCallsPerReconcile, at);
    this.#syncTargets(service, binding, at);
    this.#options.log(at, `${cluster.name}: service ${key} created (${spec.targetType} mode) → NLB ${name}`);
  }

  serviceTargetTypeChanged(service: Service, at: number): void {
    const binding = this.#binding(service);
    const targetType = service.spec.targetType;
    if (binding.current.TargetType === targetType) return;
    const old = binding.current;
    // A target group's type cannot change: a new group, the listener re-pointed at it in place
    // (the old group is detached at once), the ready endpoints registered; the old group and its
    // targets go in the same reconcile's post-deploy step.
    binding.current = this.#createTargetGroup(service, binding, targetType, at);
    binding.replaced.push(old);
    this.#calls.add(service.cluster.region, this.#options.calls.describeCallsPerReconcile, at);
    this.#syncTargets(service, binding, at);
    const deleteAt = at + this.#options.timing.reconcileMs();
    this.#options.schedule(deleteAt, () => this.#deleteReplaced(service, binding, old, deleteAt, deleteAt));
    this.#options.log(
      at,
      `${service.cluster.name}: service ${service.key} patched to ${targetType} mode → target group ${binding.current.TargetGroupName} behind the listener; ${old.TargetGroupName} replaced`,
    );
  }

  serviceDeleted(service: Service, at: number): void {
    const binding = this.#binding(service);
    const elb = this.#options.elb(service.cluster.region);
    elb.deleteLoadBalancer(binding.loadBalancer.LoadBalancerArn, at);
    for (const tg of [binding.current, ...binding.replaced]) elb.deleteTargetGroup(tg.TargetGroupArn, at);
    this.#bindings.delete(service);
    this.#calls.add(service.cluster.region, this.#options.calls.describeCallsPerReconcile, at);
    this.#options.log(
      at,
      `${service.cluster.name}: service ${service.key} deleted → NLB ${binding.loadBalancer.LoadBalancerName} deleted`,
    );
  }

  /** Registration follows readiness, so a new pod waits for {@link podsChanged}. */
  podAdded(): void {}

  /** The pod has left the deployment; {@link podsChanged}, right after, deregisters it. */
  podRemoved(): void {}

  /** Registers newly ready pods, deregisters pods no longer ready or gone, and tells targets whether they pass. */
  podsChanged(cluster: Cluster, deployment: Deployment, at: number): void {
    for (const service of cluster.services.values()) {
      if (service.spec.deployment === deployment.key) this.#syncTargets(service, this.#binding(service), at);
    }
  }

  /**
   * The target-group binding's reconcile: instance mode keeps the nodes and lets them pass while
   * any pod serves (kube-proxy); ip mode registers exactly the ready pods (the endpoints), each
   * passing while it serves.
   */
  #syncTargets(service: Service, binding: Binding, at: number): void {
    const { cluster } = service;
    const elb = this.#options.elb(cluster.region);
    const tg = binding.current;
    const deployment = cluster.deployments.get(service.spec.deployment) as Deployment;
    const active = [...elb.targets(tg.TargetGroupArn)].filter((t) => t.tracker.deregisteredAt === undefined);
    if (tg.TargetType === "instance") {
      const serving = anyPodServing(deployment, at);
      for (const target of active) target.tracker.setPassing(at, serving);
      return;
    }
    const ready = new Map(deployment.pods.filter((pod) => podReady(pod, at)).map((pod) => [pod.ip, pod]));
    let changed = false;
    for (const target of active) {
      const pod = ready.get(target.id);
      if (pod) target.tracker.setPassing(at, podServing(pod, at));
      else {
        elb.deregisterTarget(tg.TargetGroupArn, target, at);
        changed = true;
      }
    }
    const registered = new Set(active.map((t) => t.id));
    for (const pod of ready.values()) {
      if (registered.has(pod.ip)) continue;
      this.#register(service, binding, { id: pod.ip, az: pod.node.az }, podServing(pod, at), at);
      changed = true;
    }
    // Each change is a reconcile of the binding, which lists the group's targets first.
    if (changed) this.#calls.add(cluster.region, 1, at);
  }

  #createTargetGroup(
    service: Service,
    frontend: Frontend,
    targetType: TargetType,
    at: number,
  ): TargetGroupView {
    const { cluster, spec } = service;
    const elb = this.#options.elb(cluster.region);
    const deployment = cluster.deployments.get(spec.deployment) as Deployment;
    const tg = elb.createTargetGroup({
      name: controllerResourceName(spec.namespace, spec.name, this.#options.random),
      port:
        targetType === "instance" ? frontend.nodePort : (spec.targetPort ?? deployment.spec.containerPort),
      vpcId: cluster.vpcId,
      targetType,
      healthCheck: this.#options.healthCheck,
      tags: [
        { Key: "elbv2.k8s.aws/cluster", Value: cluster.name },
        { Key: "service.k8s.aws/resource", Value: `${service.key}:${spec.port}` },
        { Key: "service.k8s.aws/stack", Value: service.key },
      ],
    });
    elb.modifyListener(frontend.listenerArn, tg.TargetGroupArn, at);
    if (targetType === "instance") {
      const serving = anyPodServing(deployment, at);
      for (const node of cluster.nodes)
        this.#register(
          service,
          { ...frontend, current: tg },
          { id: node.instanceId, az: node.az },
          serving,
          at,
        );
    }
    return tg;
  }

  /** The post-deploy step: DeleteTargetGroup, retried while a listener still forwards to the group. */
  #deleteReplaced(
    service: Service,
    binding: Binding,
    old: TargetGroupView,
    at: number,
    firstTry: number,
  ): void {
    const result = this.#options.elb(service.cluster.region).deleteTargetGroup(old.TargetGroupArn, at);
    if (result === "in-use" && at + DELETE_RETRY_MS <= firstTry + DELETE_GIVE_UP_MS) {
      const next = at + DELETE_RETRY_MS;
      this.#options.schedule(next, () => this.#deleteReplaced(service, binding, old, next, firstTry));
      return;
    }
    binding.replaced = binding.replaced.filter((tg) => tg !== old);
    if (result === "deleted")
      this.#options.log(at, `${service.cluster.name}: target group ${old.TargetGroupName} deleted`);
  }

  #register(
    service: Service,
    binding: Pick<Binding, "loadBalancer" | "current">,
    target: { id: string; az: string },
    passing: boolean,
    at: number,
  ): void {
    const tg = binding.current;
    const port = tg.Port;
    this.#options.elb(service.cluster.region).registerTarget(
      tg.TargetGroupArn,
      { ...target, port },
      passing,
      at,
      this.#options.recordTruth({
        region: service.cluster.region,
        cluster: service.cluster.name,
        service: service.key,
        loadBalancerName: binding.loadBalancer.LoadBalancerName,
        targetGroupArn: tg.TargetGroupArn,
        targetGroupName: tg.TargetGroupName,
        targetType: tg.TargetType,
        targetId: target.id,
        port,
      }),
    );
  }

  #binding(service: Service): Binding {
    const binding = this.#bindings.get(service);
    if (!binding) throw new Error(`the controller has not seen service ${service.key}`);
    return binding;
  }
}
