import type { SeededRandom } from "../random.ts";
import type { ClusterSpec, DeploymentSpec, HealthCheckFailure, ServiceSpec } from "../scenario/schema.ts";
import type { TargetType } from "./elb-view.ts";
import { ec2Id, hostInSubnet, podName, WORKSHOP_SUBNET_BASES } from "./naming.ts";
import type { Timing } from "./timing.ts";
import { lookup, WorldError } from "./world-error.ts";

export interface Node {
  instanceId: string;
  az: string;
  subnetId: string;
  /** First address of the node's /19; its pods get addresses there too (VPC CNI). */
  subnetBase: string;
  privateIp: string;
}

export interface Pod {
  /** Ordinal in creation order within its deployment; `failPod` / `recoverPod` address pods by it. */
  index: number;
  name: string;
  ip: string;
  node: Node;
  /** When its readiness probe first passes. */
  readyAt: number;
  /** Its readiness probe fails (Kubernetes takes it out of the Service's endpoints). */
  failing: boolean;
  /** Ready, but the NLB's health check of it fails, and why. */
  healthCheckFailure?: HealthCheckFailure;
}

export interface Deployment {
  /** `namespace/name`, as services and steps name it. */
  key: string;
  spec: DeploymentSpec;
  templateHash: string;
  pods: Pod[];
  /** Pods created so far, removed ones included: the next pod's index. */
  created: number;
}

/** A Service of type LoadBalancer; what AWS makes of it is the controller's business. */
export interface Service {
  /** `namespace/name`. */
  key: string;
  spec: ServiceSpec;
  cluster: Cluster;
}

export interface Cluster {
  name: string;
  region: string;
  vpcId: string;
  nodes: Node[];
  deployments: Map<string, Deployment>;
  services: Map<string, Service>;
  /** Addresses taken in the cluster's subnets, by nodes and live pods. */
  usedIps: Set<string>;
}

/** What the Load Balancer Controller watches, as the real one watches the API server. */
export interface ClusterWatcher {
  serviceCreated(service: Service, at: number): void;
  /** The service's target type was patched to a different one. */
  serviceTargetTypeChanged(service: Service, at: number): void;
  serviceDeleted(service: Service, at: number): void;
  podAdded(cluster: Cluster, deployment: Deployment, pod: Pod, at: number): void;
  podRemoved(cluster: Cluster, deployment: Deployment, pod: Pod, at: number): void;
  /**
   * Whether pods of `deployment` are ready, or pass the NLB's health check, may have changed (one
   * became ready, failed, recovered, left).
   */
  podsChanged(cluster: Cluster, deployment: Deployment, at: number): void;
}

export interface KubernetesModelOptions {
  /** Region of clusters whose spec names none. */
  defaultRegion: string;
  random: SeededRandom;
  timing: Pick<Timing, "podStartMs">;
  /** Queues pod readiness at its own instant. */
  schedule: (at: number, run: () => void) => void;
  watcher: ClusterWatcher;
  log: (at: number, message: string) => void;
}

/**
 * The simulated EKS clusters: nodes spread over zones, deployments whose pods become ready after
 * a start time and can be made to fail, and services. Every change is told to the
 * {@link ClusterWatcher} at the moment it happens; lookups of things that do not exist throw a
 * {@link WorldError} naming what does.
 */
export class KubernetesModel {
  readonly #options: KubernetesModelOptions;
  readonly #clusters = new Map<string, Cluster>();

  constructor(options: KubernetesModelOptions) {
    this.#options = options;
  }

  clusters(): Iterable<Cluster> {
    return this.#clusters.values();
  }

  /** Creates the cluster's nodes and deployments (pods start at `at`); its services are left to the caller. */
  addCluster(spec: ClusterSpec, name: string, at: number): Cluster {
    if (this.#clusters.has(name)) throw new WorldError(`cluster "${name}" already exists`);
    const { random } = this.#options;
    const region = spec.region ?? this.#options.defaultRegion;
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
    this.#addNodes(cluster, zones);
    this.#clusters.set(name, cluster);
    for (const deployment of spec.deployments) {
      const key = `${deployment.namespace}/${deployment.name}`;
      cluster.deployments.set(key, {
        key,
        spec: deployment,
        templateHash: random.hex(10),
        pods: [],
        created: 0,
      });
      this.scale(cluster, key, deployment.replicas, at);
    }
    return cluster;
  }

  cluster(name: string): Cluster {
    return lookup(this.#clusters, name, (known) => `no cluster named "${name}" (clusters: ${known})`);
  }

  deployment(cluster: Cluster, key: string): Deployment {
    return lookup(
      cluster.deployments,
      key,
      (known) => `no deployment ${key} in cluster "${cluster.name}" (deployments: ${known})`,
    );
  }

  service(cluster: Cluster, key: string): Service {
    return lookup(
      cluster.services,
      key,
      (known) => `no service ${key} in cluster "${cluster.name}" (services: ${known})`,
    );
  }

  createService(cluster: Cluster, spec: ServiceSpec, at: number): Service {
    const key = `${spec.namespace}/${spec.name}`;
    if (cluster.services.has(key))
      throw new WorldError(`service ${key} already exists in cluster "${cluster.name}"`);
    this.deployment(cluster, spec.deployment);
    const service: Service = { key, spec, cluster };
    cluster.services.set(key, service);
    this.#options.watcher.serviceCreated(service, at);
    return service;
  }

  deleteService(cluster: Cluster, key: string, at: number): void {
    const service = this.service(cluster, key);
    cluster.services.delete(key);
    this.#options.watcher.serviceDeleted(service, at);
  }

  setTargetType(cluster: Cluster, key: string, targetType: TargetType, at: number): void {
    const service = this.service(cluster, key);
    if (service.spec.targetType === targetType) return;
    service.spec = { ...service.spec, targetType };
    this.#options.watcher.serviceTargetTypeChanged(service, at);
  }

  /** Adds pods (spread over the nodes) or removes the newest ones until `replicas` are left. */
  scale(cluster: Cluster, key: string, replicas: number, at: number): void {
    const deployment = this.deployment(cluster, key);
    const { random, watcher } = this.#options;
    const before = deployment.pods.length;
    while (deployment.pods.length < replicas) {
      // Spread pods over nodes as the scheduler's zone spreading would.
      const node = cluster.nodes[deployment.created % cluster.nodes.length] as Node;
      const pod: Pod = {
        index: deployment.created++,
        name: podName(deployment.spec.name, deployment.templateHash, random),
        ip: hostInSubnet(node.subnetBase, cluster.usedIps, random),
        node,
        readyAt: at + this.#options.timing.podStartMs(),
        failing: false,
      };
      deployment.pods.push(pod);
      watcher.podAdded(cluster, deployment, pod, at);
      this.#options.schedule(pod.readyAt, () => watcher.podsChanged(cluster, deployment, pod.readyAt));
    }
    while (deployment.pods.length > replicas) {
      // ReplicaSets remove the newest pods first.
      const pod = deployment.pods.pop() as Pod;
      cluster.usedIps.delete(pod.ip);
      watcher.podRemoved(cluster, deployment, pod, at);
    }
    if (before !== replicas && before !== 0)
      this.#options.log(at, `${cluster.name}: deployment ${key} scaled ${before} → ${replicas}`);
    watcher.podsChanged(cluster, deployment, at);
  }

  /** Makes pod number `index` of the deployment fail (or pass again) its readiness probe from `at` on. */
  setPodFailing(cluster: Cluster, key: string, index: number, failing: boolean, at: number): void {
    const pod = this.#pod(cluster, key, index);
    pod.failing = failing;
    this.#options.log(
      at,
      `${cluster.name}: pod ${pod.name} ${failing ? "fails its readiness probe (not ready)" : "is ready again"}`,
    );
    this.#options.watcher.podsChanged(cluster, this.deployment(cluster, key), at);
  }

  /**
   * Makes the NLB's health check of pod number `index` fail for `cause` from `at` on (the pod
   * stays ready), or pass again when `cause` is undefined.
   */
  setPodHealthCheck(
    cluster: Cluster,
    key: string,
    index: number,
    cause: HealthCheckFailure | undefined,
    at: number,
  ): void {
    const pod = this.#pod(cluster, key, index);
    const port = this.deployment(cluster, key).spec.containerPort;
    if (cause) pod.healthCheckFailure = cause;
    else delete pod.healthCheckFailure;
    const why =
      cause === "not-listening"
        ? `nothing listens on port ${port}`
        : `its security group does not admit the NLB's subnets on port ${port}`;
    this.#options.log(
      at,
      cause
        ? `${cluster.name}: pod ${pod.name} is ready but fails the NLB's health check (${why})`
        : `${cluster.name}: pod ${pod.name} passes the NLB's health check again`,
    );
    this.#options.watcher.podsChanged(cluster, this.deployment(cluster, key), at);
  }

  #pod(cluster: Cluster, key: string, index: number): Pod {
    const deployment = this.deployment(cluster, key);
    const pod = deployment.pods.find((p) => p.index === index);
    if (!pod) {
      // Pods are named by number; a bare list ("live pods: 0") read as a count of none.
      const live =
        deployment.pods.length === 0
          ? "it has no live pods"
          : `its live pods are number ${deployment.pods.map((p) => p.index).join(", ")}`;
      throw new WorldError(
        `deployment ${key} in cluster "${cluster.name}" has no pod number ${index} (${live})`,
      );
    }
    return pod;
  }

  /** One node per zone entry; nodes in the same zone share its subnet. */
  #addNodes(cluster: Cluster, zones: readonly string[]): void {
    const { random } = this.#options;
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
  }
}

/** A pod is ready (an endpoint of its Services) once its readiness probe passes and while it does. */
export function podReady(pod: Pod, at: number): boolean {
  return at >= pod.readyAt && !pod.failing;
}

/** A pod passes the NLB's health check while it is ready and nothing stops the check reaching it. */
export function podServing(pod: Pod, at: number): boolean {
  return podReady(pod, at) && pod.healthCheckFailure === undefined;
}

/** Through kube-proxy a node's NodePort answers while any pod of the Service serves. */
export function anyPodServing(deployment: Deployment, at: number): boolean {
  return deployment.pods.some((pod) => podServing(pod, at));
}

/** `count` nodes spread over the region's zones a, b, c like the workshop's managed node group. */
function defaultZones(region: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${region}${"abc"[i % 3]}`);
}
