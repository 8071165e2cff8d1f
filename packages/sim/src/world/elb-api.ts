import type { ListenerView, LoadBalancerView, Tag, TargetGroupView, TargetType } from "./elb-view.ts";
import type { HealthChange, HealthCheckSettings, TargetHealthTracker } from "./health-check.ts";

export interface CreateLoadBalancerInput {
  name: string;
  scheme: LoadBalancerView["Scheme"];
  vpcId: string;
  availabilityZones: LoadBalancerView["AvailabilityZones"];
  tags: Tag[];
}

export interface CreateTargetGroupInput {
  name: string;
  port: number;
  vpcId: string;
  targetType: TargetType;
  healthCheck: HealthCheckSettings;
  tags: Tag[];
}

export interface TargetDescription {
  id: string;
  port: number;
}

/** A registered target and the clock of its health checks. */
export interface RegisteredTarget extends TargetDescription {
  az: string;
  /** The backend's side: tell it when the target starts or stops passing health checks. */
  tracker: TargetHealthTracker;
}

/**
 * What the Load Balancer Controller does to ELBv2, in AWS's terms, in one account and region.
 * Calls that take `at` happen at that simulated instant.
 */
export interface ElbApi {
  /** A `provisioning` network load balancer; it turns `active` after the provisioning time. */
  createLoadBalancer(input: CreateLoadBalancerInput, at: number): LoadBalancerView;
  /** A TCP listener with no default action yet. */
  createListener(loadBalancerArn: string, port: number): ListenerView;
  /**
   * Points the listener's default action at `targetGroupArn` at `at`, in place: the group is
   * attached to the load balancer from then on (its `LoadBalancerArns`), and a group no listener
   * forwards to any more is detached, its targets `unused` / `Target.NotInUse`.
   */
  modifyListener(listenerArn: string, targetGroupArn: string, at: number): void;
  deleteLoadBalancer(loadBalancerArn: string, at: number): void;
  /** A target group attached to nothing until a listener forwards to it. */
  createTargetGroup(input: CreateTargetGroupInput): TargetGroupView;
  /**
   * Deletes the group and its targets at `at`, as AWS does once no listener forwards to it:
   * `in-use` (AWS's ResourceInUse) while one does, `not-found` when it is already gone.
   */
  deleteTargetGroup(targetGroupArn: string, at: number): "deleted" | "in-use" | "not-found";
  /**
   * Registers a target whose health checks start out `passing` or not; `onChange` hears every
   * true state change of its health from registration (`new`) to the end of draining (`gone`).
   */
  registerTarget(
    targetGroupArn: string,
    target: TargetDescription & { az: string },
    passing: boolean,
    at: number,
    onChange: (change: HealthChange) => void,
  ): RegisteredTarget;
  /** Starts draining the target; a no-op for one that is not registered or already leaving. */
  deregisterTarget(targetGroupArn: string, target: TargetDescription, at: number): void;
  /** The group's targets, draining ones included until they are seen gone, in registration order. */
  targets(targetGroupArn: string): Iterable<RegisteredTarget>;
}
