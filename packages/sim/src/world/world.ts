import type { BackgroundCallers } from "../faults/background-callers.ts";
import { SeededRandom } from "../random.ts";
import type {
  ClusterSpec,
  ControllerSpec,
  HealthCheckFailure,
  HealthCheckSpec,
  ServiceSpec,
  TimingSpec,
} from "../scenario/schema.ts";
import { routeToAccountWatcher } from "./cluster-router.ts";
import { LoadBalancerController } from "./controller.ts";
import { ElbAccount } from "./elb-account.ts";
import type {
  ElbReadModel,
  ListenerView,
  LoadBalancerView,
  Tag,
  TargetGroupView,
  TargetHealthDescriptionView,
  TargetType,
} from "./elb-view.ts";
import { type Cluster, KubernetesModel } from "./kubernetes.ts";
import { summarize, type WorldSummary } from "./summary.ts";
import { Timeline } from "./timeline.ts";
import { scenarioTiming, type Timing } from "./timing.ts";
import { type TruthEvent, TruthLog } from "./truth-log.ts";
import { WorldError } from "./world-error.ts";

export type { WorldSummary } from "./summary.ts";
export type { TruthEvent } from "./truth-log.ts";
export { WorldError } from "./world-error.ts";

/** Something that happens to the Kubernetes world; the controller reacts as the real one does. */
export type WorldAction =
  | { action: "createService"; cluster: string; service: ServiceSpec }
  | { action: "deleteService"; cluster: string; service: string }
  | { action: "setTargetType"; cluster: string; service: string; targetType: TargetType }
  | { action: "scale"; cluster: string; deployment: string; replicas: number }
  | { action: "failPod"; cluster: string; deployment: string; pod: number }
  | { action: "recoverPod"; cluster: string; deployment: string; pod: number }
  | { action: "failHealthCheck"; cluster: string; deployment: string; pod: number; cause: HealthCheckFailure }
  | { action: "passHealthCheck"; cluster: string; deployment: string; pod: number };

export interface WorldOptions {
  /** The monitor account: where clusters that name no account live; the account the world's own ElbReadModel serves. */
  accountId: string;
  defaultRegion: string;
  healthCheck: HealthCheckSpec;
  timing: TimingSpec;
  controller: ControllerSpec;
  seed: number;
  /** Simulated epoch ms at which the world starts. */
  start: number;
  /** Human-readable account of what happens, for the CLI. */
  log?: (at: number, message: string) => void;
}

/** One AWS account's part of the world: its ELBv2 and the controller that drives it. */
interface AccountParts {
  accountId: string;
  elb: ElbAccount;
  controller: LoadBalancerController;
}

/**
 * The simulated Kubernetes clusters and the AWS Load Balancer Controller acting on them,
 * exposed to the ELBv2 protocol layer as an {@link ElbReadModel}. Composes the parts:
 * - a {@link Timeline}: time only moves through {@link advanceTo}; scheduled steps and internal
 *   events (pods becoming ready, replaced target groups being deleted) run in time order, each
 *   at its own instant, so health checks see every change exactly when it happened;
 * - the {@link Timing} of everything, spread-out durations drawn per resource;
 * - the {@link KubernetesModel} (clusters, nodes, deployments, pods, services);
 * - per AWS account, a {@link LoadBalancerController}, which watches that account's clusters and
 *   drives its ELBv2, and the {@link ElbAccount}: one ELB model per region, with every target's
 *   health-check clock;
 * - the {@link TruthLog} of every true target state change.
 * All of them draw from seeded random sequences, so a seed always gives the same world. The world
 * also tells the throttling bucket what the controllers read ({@link BackgroundCallers}).
 */
export class World implements ElbReadModel, BackgroundCallers {
  readonly #options: WorldOptions;
  readonly #random: SeededRandom;
  /** Shuffles DescribeTargetHealth answers in every account; its own sequence, so reads never change the world. */
  readonly #order: SeededRandom;
  readonly #timing: Timing;
  readonly #timeline: Timeline;
  readonly #accounts = new Map<string, AccountParts>();
  readonly #accountOfCluster = new Map<string, string>();
  readonly #kubernetes: KubernetesModel;
  readonly #truth = new TruthLog();

  constructor(options: WorldOptions) {
    this.#options = options;
    this.#random = new SeededRandom(options.seed);
    this.#order = new SeededRandom(options.seed ^ 0x0dde7);
    this.#timing = scenarioTiming(options.timing, options.seed);
    this.#timeline = new Timeline(options.start);
    this.#kubernetes = new KubernetesModel({
      defaultRegion: options.defaultRegion,
      random: this.#random,
      timing: this.#timing,
      schedule: (at, run) => this.#timeline.schedule(at, run),
      watcher: routeToAccountWatcher((cluster) => this.#accountOf(cluster).controller),
      log: (at, message) => options.log?.(at, message),
    });
  }

  get now(): number {
    return this.#timeline.now;
  }

  get accountId(): string {
    return this.#options.accountId;
  }

  /** Runs everything scheduled up to `now`, in order, each at its own time. */
  advanceTo(now: number): void {
    this.#timeline.advanceTo(now);
  }

  /** Schedules `action` at simulated `at` (runs on the next {@link advanceTo} that reaches it). */
  schedule(at: number, action: WorldAction): void {
    this.#timeline.schedule(at, () => this.#applyScheduled(action));
  }

  /** Time of the next scheduled event, if any — lets a live runner know when something happens. */
  nextEventAt(): number | undefined {
    return this.#timeline.nextEventAt();
  }

  /** Every account that has had a cluster, the monitor's first. */
  accountIds(): string[] {
    return [...new Set([this.#options.accountId, ...this.#accountOfCluster.values()])];
  }

  /** What the ELBv2 API of `accountId` serves: its load balancers, empty for an account without clusters. */
  elbAccount(accountId: string): ElbReadModel {
    return this.#account(accountId).elb;
  }

  /**
   * Adds a cluster, in account `accountId` (default the monitor's), whose pods start now and whose
   * services are created at `servicesAt`.
   */
  addCluster(spec: ClusterSpec, name = spec.name, servicesAt = this.now, accountId = this.accountId): void {
    this.#accountOfCluster.set(name, accountId);
    this.#kubernetes.addCluster(spec, name, this.now);
    for (const service of spec.services)
      this.schedule(servicesAt, { action: "createService", cluster: name, service });
  }

  /** Applies one action now. Throws {@link WorldError} when it names something that does not exist. */
  apply(action: WorldAction): void {
    const kubernetes = this.#kubernetes;
    const cluster = kubernetes.cluster(action.cluster);
    const at = this.now;
    switch (action.action) {
      case "createService":
        kubernetes.createService(cluster, action.service, at);
        break;
      case "deleteService":
        kubernetes.deleteService(cluster, action.service, at);
        break;
      case "setTargetType":
        kubernetes.setTargetType(cluster, action.service, action.targetType, at);
        break;
      case "scale":
        kubernetes.scale(cluster, action.deployment, action.replicas, at);
        break;
      case "failPod":
      case "recoverPod":
        kubernetes.setPodFailing(cluster, action.deployment, action.pod, action.action === "failPod", at);
        break;
      case "failHealthCheck":
        kubernetes.setPodHealthCheck(cluster, action.deployment, action.pod, action.cause, at);
        break;
      case "passHealthCheck":
        kubernetes.setPodHealthCheck(cluster, action.deployment, action.pod, undefined, at);
        break;
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
      this.#options.log?.(this.now, `skipped ${action.action}: ${error.message}`);
    }
  }

  /** Every true target state change so far, oldest first. */
  truth(): TruthEvent[] {
    for (const { elb } of this.#accounts.values()) elb.settle();
    return this.#truth.events();
  }

  /** The world at a glance: clusters (with their account), services, their NLB, target groups and targets. */
  summary(): WorldSummary {
    return summarize(this.now, this.#kubernetes.clusters(), {
      accountOf: (cluster) => this.#accountOf(cluster).accountId,
      resourcesOf: (service) => this.#accountOf(service.cluster).controller.resourcesOf(service),
      elb: (cluster) => this.#accountOf(cluster).elb.region(cluster.region),
    });
  }

  // ---- BackgroundCallers: each account's controller draws from that account's Describe* bucket ----

  describeCallsPerSecond(accountId: string, region: string): number {
    return this.#accounts.get(accountId)?.controller.pollingRate(region, this.now) ?? 0;
  }

  takeDescribeCalls(accountId: string, region: string, withinSeconds: number): number {
    const since = this.now - withinSeconds * 1000;
    return this.#accounts.get(accountId)?.controller.takeReconcileCalls(region, since) ?? 0;
  }

  /** The account a cluster lives in, with its ELBv2 and controller. */
  #accountOf(cluster: Cluster): AccountParts {
    return this.#account(this.#accountOfCluster.get(cluster.name) ?? this.accountId);
  }

  /** An account's ELBv2 and controller, created when first needed. */
  #account(accountId: string): AccountParts {
    let account = this.#accounts.get(accountId);
    if (account) return account;
    const timeline = this.#timeline;
    const random = this.#random;
    const timing = this.#timing;
    const elb = new ElbAccount({ accountId, random, order: this.#order, timing, now: () => timeline.now });
    const controller = new LoadBalancerController({
      elb: (region) => elb.region(region),
      random,
      timing,
      healthCheck: this.#options.healthCheck,
      calls: this.#options.controller,
      schedule: (at, run) => timeline.schedule(at, run),
      log: (at, message) => this.#options.log?.(at, message),
      recordTruth: (subject) => this.#truth.recorder({ accountId, ...subject }),
    });
    account = { accountId, elb, controller };
    this.#accounts.set(accountId, account);
    return account;
  }

  // ---- ElbReadModel: the monitor account's ----

  loadBalancers(region: string): readonly LoadBalancerView[] {
    return this.elbAccount(this.accountId).loadBalancers(region);
  }

  targetGroups(region: string): readonly TargetGroupView[] {
    return this.elbAccount(this.accountId).targetGroups(region);
  }

  targetHealth(region: string, arn: string): readonly TargetHealthDescriptionView[] | undefined {
    return this.elbAccount(this.accountId).targetHealth(region, arn);
  }

  listeners(region: string, arn: string): readonly ListenerView[] | undefined {
    return this.elbAccount(this.accountId).listeners(region, arn);
  }

  tags(region: string, arn: string): readonly Tag[] | undefined {
    return this.elbAccount(this.accountId).tags(region, arn);
  }
}
