import type { SeededRandom } from "../random.ts";
import type { ElbApi, RegisteredTarget } from "./elb-api.ts";
import type { LoadBalancerView, TargetGroupView, TargetType } from "./elb-view.ts";
import type { HealthChange, HealthCheckSettings } from "./health-check.ts";
import {
  anyPodPassing,
  type Cluster,
  type ClusterWatcher,
  type Deployment,
  type Pod,
  podPassing,
  type Service,
} from "./kubernetes.ts";
import { controllerResourceName } from "./naming.ts";
import type { Timing } from "./timing.ts";
import type { TruthSubject } from "./truth-log.ts";

export interface LoadBalancerControllerOptions {
  /** The account's ELBv2 in a cluster's region. */
  elb: (region: string) => ElbApi;
  random: SeededRandom;
  timing: Pick<Timing, "replacedGroupDeletionMs">;
  /** Health-check settings the controller gives every target group (the scenario's). */
  healthCheck: HealthCheckSettings;
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
  /** Replaced target groups, still attached while their targets drain (the NLB is `mixed` meanwhile). */
  draining: TargetGroupView[];
}

/** What the controller made of a service, for the world's summary. */
export interface ServiceResources {
  loadBalancerArn: string;
  /** The current target group first, then those draining. */
  targetGroupArns: string[];
}

/**
 * The AWS Load Balancer Controller: turns every Service of type LoadBalancer into an NLB with a
 * listener and a target group named and tagged as the real controller does, registers the nodes
 * (instance mode) or the pods (ip mode), switches target groups when the target type changes,
 * and deletes it all with the service. It also tells each target whether its backend currently
 * passes health checks — the data plane the NLB's checks observe.
 */
export class LoadBalancerController implements ClusterWatcher {
  readonly #options: LoadBalancerControllerOptions;
  readonly #bindings = new Map<Service, Binding>();
  /** The pod behind each ip target; instance targets reach any pod through kube-proxy. */
  readonly #podOf = new WeakMap<RegisteredTarget, Pod>();

  constructor(options: LoadBalancerControllerOptions) {
    this.#options = options;
  }

  resourcesOf(service: Service): ServiceResources | undefined {
    const binding = this.#bindings.get(service);
    if (!binding) return undefined;
    return {
      loadBalancerArn: binding.loadBalancer.LoadBalancerArn,
      targetGroupArns: [binding.current, ...binding.draining].map((tg) => tg.TargetGroupArn),
    };
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
    const current = this.#createTargetGroup(service, frontend, spec.targetType, at);
    this.#bindings.set(service, { ...frontend, current, draining: [] });
    this.#options.log(at, `${cluster.name}: service ${key} created (${spec.targetType} mode) → NLB ${name}`);
  }

  serviceTargetTypeChanged(service: Service, at: number): void {
    const binding = this.#binding(service);
    const targetType = service.spec.targetType;
    if (binding.current.TargetType === targetType) return;
    const elb = this.#options.elb(service.cluster.region);
    const old = binding.current;
    // The controller creates the new target group, points the listener at it, then deregisters
    // the old targets; the old group stays attached until they have drained, then is deleted.
    binding.current = this.#createTargetGroup(service, binding, targetType, at);
    binding.draining.push(old);
    for (const target of elb.targets(old.TargetGroupArn))
      elb.deregisterTarget(old.TargetGroupArn, target, at);
    this.#options.schedule(at + this.#options.timing.replacedGroupDeletionMs(), () => {
      if (!elb.deleteTargetGroup(old.TargetGroupArn)) return;
      binding.draining = binding.draining.filter((other) => other !== old);
    });
    this.#options.log(
      at,
      `${service.cluster.name}: service ${service.key} patched to ${targetType} mode → target group ${binding.current.TargetGroupName}; ${old.TargetGroupName} draining`,
    );
  }

  serviceDeleted(service: Service, at: number): void {
    const binding = this.#binding(service);
    const elb = this.#options.elb(service.cluster.region);
    for (const tg of [binding.current, ...binding.draining]) elb.deleteTargetGroup(tg.TargetGroupArn);
    elb.deleteLoadBalancer(binding.loadBalancer.LoadBalancerArn);
    this.#bindings.delete(service);
    this.#options.log(
      at,
      `${service.cluster.name}: service ${service.key} deleted → NLB ${binding.loadBalancer.LoadBalancerName} deleted`,
    );
  }

  podAdded(cluster: Cluster, deployment: Deployment, pod: Pod, at: number): void {
    for (const { service, binding } of this.#ipModeServices(cluster, deployment)) {
      const tg = binding.current;
      this.#register(service, binding, tg, { id: pod.ip, az: pod.node.az }, podPassing(pod, at), at, pod);
    }
  }

  podRemoved(cluster: Cluster, deployment: Deployment, pod: Pod, at: number): void {
    for (const { binding } of this.#ipModeServices(cluster, deployment)) {
      const tg = binding.current;
      this.#options
        .elb(cluster.region)
        .deregisterTarget(tg.TargetGroupArn, { id: pod.ip, port: tg.Port }, at);
    }
  }

  /** Tells every target backed by `deployment` whether its health checks now pass. */
  podsChanged(cluster: Cluster, deployment: Deployment, at: number): void {
    // Instance targets reach pods through kube-proxy (externalTrafficPolicy: Cluster), so a node
    // passes while any pod of the service does.
    const anyPassing = anyPodPassing(deployment, at);
    for (const service of cluster.services.values()) {
      if (service.spec.deployment !== deployment.key) continue;
      const binding = this.#binding(service);
      const elb = this.#options.elb(cluster.region);
      for (const tg of [binding.current, ...binding.draining]) {
        for (const target of elb.targets(tg.TargetGroupArn)) {
          const pod = this.#podOf.get(target);
          target.tracker.setPassing(at, pod ? podPassing(pod, at) : anyPassing);
        }
      }
    }
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
      loadBalancerArns: [frontend.loadBalancer.LoadBalancerArn],
      tags: [
        { Key: "elbv2.k8s.aws/cluster", Value: cluster.name },
        { Key: "service.k8s.aws/resource", Value: `${service.key}:${spec.port}` },
        { Key: "service.k8s.aws/stack", Value: service.key },
      ],
    });
    elb.modifyListener(frontend.listenerArn, tg.TargetGroupArn);
    if (targetType === "instance") {
      const passing = anyPodPassing(deployment, at);
      for (const node of cluster.nodes)
        this.#register(service, frontend, tg, { id: node.instanceId, az: node.az }, passing, at);
    } else {
      for (const pod of deployment.pods)
        this.#register(service, frontend, tg, { id: pod.ip, az: pod.node.az }, podPassing(pod, at), at, pod);
    }
    return tg;
  }

  #register(
    service: Service,
    frontend: Frontend,
    tg: TargetGroupView,
    target: { id: string; az: string },
    passing: boolean,
    at: number,
    pod?: Pod,
  ): void {
    const port = tg.Port;
    const registered = this.#options.elb(service.cluster.region).registerTarget(
      tg.TargetGroupArn,
      { ...target, port },
      passing,
      at,
      this.#options.recordTruth({
        region: service.cluster.region,
        cluster: service.cluster.name,
        service: service.key,
        loadBalancerName: frontend.loadBalancer.LoadBalancerName,
        targetGroupArn: tg.TargetGroupArn,
        targetGroupName: tg.TargetGroupName,
        targetType: tg.TargetType,
        targetId: target.id,
        port,
      }),
    );
    if (pod) this.#podOf.set(registered, pod);
  }

  /** Services backed by `deployment` whose current target group registers pods. */
  *#ipModeServices(
    cluster: Cluster,
    deployment: Deployment,
  ): Iterable<{ service: Service; binding: Binding }> {
    for (const service of cluster.services.values()) {
      if (service.spec.deployment !== deployment.key) continue;
      const binding = this.#binding(service);
      if (binding.current.TargetType === "ip") yield { service, binding };
    }
  }

  #binding(service: Service): Binding {
    const binding = this.#bindings.get(service);
    if (!binding) throw new Error(`the controller has not seen service ${service.key}`);
    return binding;
  }
}
