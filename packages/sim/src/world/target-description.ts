import type { RegisteredTarget } from "./elb-api.ts";
import type { TargetGroupView, TargetHealthDescriptionView } from "./elb-view.ts";
import type { TargetHealth } from "./health-check.ts";

const NO_OVERRIDE = {
  State: "no_override",
  Reason: "AdministrativeOverride.NoOverride",
  Description: "No override is currently active on target",
} as const;

/**
 * One target as DescribeTargetHealth gives it: the zone only for ip targets (AWS omits it for
 * instance targets in the VPC), the health check on the traffic port, and the administrative
 * override NLBs report.
 */
export function describeTarget(
  targetType: TargetGroupView["TargetType"],
  target: RegisteredTarget,
  health: TargetHealth,
): TargetHealthDescriptionView {
  return {
    Target: {
      Id: target.id,
      Port: target.port,
      ...(targetType === "ip" ? { AvailabilityZone: target.az } : {}),
    },
    HealthCheckPort: String(target.port),
    TargetHealth: {
      State: health.state,
      ...(health.reason ? { Reason: health.reason } : {}),
      ...(health.description ? { Description: health.description } : {}),
    },
    AdministrativeOverride: NO_OVERRIDE,
  };
}
