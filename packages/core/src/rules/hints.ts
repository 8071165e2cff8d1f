import type { TargetState } from "../model/snapshot.ts";

/** What the hint is about: a target that is not healthy, and for how long. */
export interface HintInput {
  /** `instance`, `ip`, … of its target group. */
  targetType: string;
  state: TargetState;
  /** AWS's reason code, such as `Target.FailedHealthChecks`. */
  reason?: string | null;
  /** The target's port: the pod's port for ip targets, the NodePort for instance targets. */
  port: number;
  /** How long it has not been healthy. */
  notHealthySeconds: number;
}

/** NLB registration commonly takes 90–180 s, sometimes 4–5 minutes: up to this it is normal. */
export const NORMAL_REGISTRATION_SECONDS = 300;

function failedHealthChecks(input: HintInput): string {
  if (input.targetType === "instance") {
    return (
      `The nodes' security group must allow the NLB's subnets (the VPC CIDR) on the NodePort ` +
      `(${input.port}); is a ready pod behind the Service?`
    );
  }
  return (
    `The pod's (or node's) security group must allow the NLB's subnets (the VPC CIDR) on the ` +
    `target port (${input.port}); is the pod listening on it?`
  );
}

function initial(input: HintInput): string {
  if (input.reason === "Elb.InitialHealthChecking") {
    return input.notHealthySeconds < NORMAL_REGISTRATION_SECONDS
      ? "Still normal: the first health checks take about 30 s after registration."
      : `First health checks are not passing. ${failedHealthChecks(input)}`;
  }
  return input.notHealthySeconds < NORMAL_REGISTRATION_SECONDS
    ? "Still normal: NLB registration often takes 1–4 minutes."
    : "Registration is unusually slow: check that the target's Availability Zone is enabled on the " +
        "NLB, and the Load Balancer Controller's logs.";
}

const elbSide = () => "ELB-side problem: wait and retry, and check the AWS Health Dashboard.";
const notInUse = () =>
  "No listener uses the target group, or the target's Availability Zone is not enabled on the NLB.";

const BY_REASON: Readonly<Record<string, (input: HintInput) => string>> = /* @__PURE__ */ Object.freeze({
  "Target.FailedHealthChecks": failedHealthChecks,
  "Target.Timeout": (input: HintInput) =>
    `Health checks time out: nothing answers on port ${input.port}, or a security group or ` +
    "network ACL drops them.",
  "Target.ResponseCodeMismatch": () =>
    "The health check gets the wrong HTTP status: check the health-check path and what the app answers on it.",
  "Elb.InternalError": elbSide,
  "Target.HealthCheckDisabled": () => "Health checks are disabled on the target group: enable them.",
  "Target.NotInUse": notInUse,
  "Target.NotRegistered": () =>
    "The target is not registered: check the Service's target type and the Load Balancer Controller's logs.",
  "Target.InvalidState": () => "The instance is stopped or terminated: check the node.",
  "Target.IpUnusable": () => "The IP address cannot be a target (e.g. it belongs to a load balancer).",
  "Target.DeregistrationInProgress": () => "Being deregistered: it waits out the deregistration delay.",
});

/**
 * A plain-language hint of what to check for a target that is not healthy, by AWS's reason,
 * target type and state: what a facilitator would tell the participant.
 *
 * @example
 * ```ts
 * stuckHint({ targetType: "ip", state: "unhealthy", reason: "Target.FailedHealthChecks", port: 8080, notHealthySeconds: 400 });
 * // "The pod's (or node's) security group must allow the NLB's subnets (the VPC CIDR) on the target port (8080); …"
 * ```
 */
export function stuckHint(input: HintInput): string {
  if (input.state === "initial" && input.reason !== "Elb.InternalError") return initial(input);
  const byReason = input.reason ? BY_REASON[input.reason] : undefined;
  if (byReason) return byReason(input);
  switch (input.state) {
    case "unhealthy":
      return failedHealthChecks(input);
    case "unavailable":
      return elbSide();
    case "unused":
      return notInUse();
    default:
      return "Look at the target's reason and the Service's events (kubectl describe service).";
  }
}
