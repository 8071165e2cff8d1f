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
import { KubernetesModel } from "./kubernetes.ts";
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

/**
 * The simulated Kubernetes clusters and the AWS Load Balancer Controller acting on them,
 * exposed to the ELBv2 protocol layer as an {@link ElbReadModel}. Composes the parts:
 * - a {@link Timeline}: time only moves through {@link advanceTo}; scheduled steps and internal
 *   events (pods becoming ready, replaced target groups being deleted) run in time order, each
 *   at its own instant, so health checks see every change exactly when it happened;
 * - the {@link Timing} of everything, spread-out durations drawn per resource;
 * - the {@link KubernetesModel} (clusters, nodes, deployments, pods, services);
 * - the {@link LoadBalancerController}, which watches it and drives the account's ELBv2;
 * - the {@link ElbAccount}: one ELB model per region, with every target's health-check clock;
 * - the {@link TruthLog} of every true target state change.
 * All of them draw from seeded random sequences, so a seed always gives the same world. The world
 * also tells the throttling bucket what the controllers read ({@link BackgroundCallers}).
 */
export class World implements ElbReadModel, BackgroundCallers {
  readonly #options: WorldOptions;
  readonly #timeline: Timeline;
  readonly #elb: ElbAccount;
  readonly #controller: LoadBalancerController;
  readonly #kubernetes: KubernetesModel;
  readonly #truth = new TruthLog();

  constructor(options: WorldOptions) {
    this.#options = options;
    const random = new SeededRandom(options.seed);
    const timing = scenarioTiming(options.timing, options.seed);
    const timeline = new Timeline(options.start);
    const schedule = (at: number, run: () => void) => timeline.schedule(at, run);
    const log = (at: number, message: string) => options.log?.(at, message);
    this.#timeline = timeline;
    this.#elb = new ElbAccount({
      accountId: options.accountId,
      random,
      order: new SeededRandom(options.seed ^ 0x0dde7),
      timing,
      now: () => timeline.now,
    });
    this.#controller = new LoadBalancerController({
      elb: (region) => this.#elb.region(region),
      random,
      timing,
      healthCheck: options.healthCheck,
      calls: options.controller,
      schedule,
      log,
      recordTruth: (subject) => this.#truth.recorder(subject),
    });
    this.#kubernetes = new KubernetesModel({
      defaultRegion: options.defaultRegion,
      random,
      timing,
      schedule,
      watcher: this.#controller,
      log,
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

  /** Adds a cluster whose pods start now and whose services are created at `servicesAt`. */
  addCluster(spec: ClusterSpec, name = spec.name, servicesAt = this.now): void {
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
    this.#elb.settle();
    return this.#truth.events();
  }

  /** The world at a glance: clusters, services, their NLB, target groups and targets. */
  summary(): WorldSummary {
    return summarize(this.now, this.#kubernetes.clusters(), {
      resourcesOf: (service) => this.#controller.resourcesOf(service),
      elb: (region) => this.#elb.region(region),
    });
  }

  // ---- BackgroundCallers: the controllers draw from the account's Describe* bucket ----

  describeCallsPerSecond(accountId: string, region: string): number {
    return accountId === this.accountId ? this.#controller.pollingRate(region, this.now) : 0;
  }

  takeDescribeCalls(accountId: string, region: string, withinSeconds: number): number {
    if (accountId !== this.accountId) return 0;
    return this.#controller.takeReconcileCalls(region, this.now - withinSeconds * 1000);
  }

  // ---- ElbReadModel ----

  loadBalancers(region: string): readonly LoadBalancerView[] {
    return this.#elb.loadBalancers(region);
  }

  targetGroups(region: string): readonly TargetGroupView[] {
    return this.#elb.targetGroups(region);
  }

  targetHealth(region: string, arn: string): readonly TargetHealthDescriptionView[] | undefined {
    return this.#elb.targetHealth(region, arn);
  }

  listeners(region: string, arn: string): readonly ListenerView[] | undefined {
    return this.#elb.listeners(region, arn);
  }

  tags(region: string, arn: string): readonly Tag[] | undefined {
    return this.#elb.tags(region, arn);
  }
}
