import type {
  LoadBalancer,
  Tag,
  TargetGroup,
  TargetHealthDescription,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { CLUSTER_TAG, STACK_TAG, TARGET_STATES } from "../../model/constants.ts";
import type {
  HealthCheckSettings,
  NlbSnapshot,
  TargetGroupSnapshot,
  TargetObservation,
  TargetState,
} from "../../model/snapshot.ts";

/** Plain mapping from ELBv2 API shapes to the snapshot model; no I/O. */

const KNOWN_STATES: ReadonlySet<string> = new Set<string>(TARGET_STATES);

export function tagsToRecord(tags: readonly Tag[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? "";
  return record;
}

export function toHealthCheck(tg: TargetGroup): HealthCheckSettings {
  return {
    protocol: tg.HealthCheckProtocol ?? "",
    port: tg.HealthCheckPort ?? "traffic-port",
    intervalSeconds: tg.HealthCheckIntervalSeconds ?? 0,
    timeoutSeconds: tg.HealthCheckTimeoutSeconds ?? 0,
    healthyThreshold: tg.HealthyThresholdCount ?? 0,
    unhealthyThreshold: tg.UnhealthyThresholdCount ?? 0,
    ...(tg.HealthCheckPath ? { path: tg.HealthCheckPath } : {}),
  };
}

export function toTargetObservation(
  description: TargetHealthDescription,
  groupPort: number,
): TargetObservation {
  const target = description.Target;
  const health = description.TargetHealth;
  const reported = health?.State;
  const known = reported !== undefined && KNOWN_STATES.has(reported);
  // A state newer than this code (AWS adds some now and then) is shown as unavailable, with
  // what AWS said, rather than dropping the target.
  const shownDescription = known
    ? health?.Description
    : `ELBv2 reported state ${JSON.stringify(reported ?? null)}${health?.Description ? `: ${health.Description}` : ""}`;
  return {
    id: target?.Id ?? "",
    port: target?.Port ?? groupPort,
    // AvailabilityZone is absent for targets outside the VPC's zones and sometimes while registering.
    ...(target?.AvailabilityZone ? { availabilityZone: target.AvailabilityZone } : {}),
    state: known ? (reported as TargetState) : "unavailable",
    ...(health?.Reason ? { reason: health.Reason } : {}),
    ...(shownDescription ? { description: shownDescription } : {}),
  };
}

export function toTargetGroupSnapshot(
  tg: TargetGroup,
  health: readonly TargetHealthDescription[],
): TargetGroupSnapshot {
  const port = tg.Port ?? 0;
  return {
    arn: tg.TargetGroupArn ?? "",
    name: tg.TargetGroupName ?? "",
    targetType: tg.TargetType ?? "",
    protocol: tg.Protocol ?? "",
    port,
    healthCheck: toHealthCheck(tg),
    targets: health.map((d) => toTargetObservation(d, port)),
  };
}

export function toNlbSnapshot(
  region: string,
  lb: LoadBalancer,
  tags: Record<string, string>,
  targetGroups: TargetGroupSnapshot[],
): NlbSnapshot {
  const cluster = tags[CLUSTER_TAG];
  const service = tags[STACK_TAG];
  return {
    region,
    arn: lb.LoadBalancerArn ?? "",
    name: lb.LoadBalancerName ?? "",
    dnsName: lb.DNSName ?? "",
    scheme: lb.Scheme ?? "",
    lbState: lb.State?.Code ?? "",
    ...(lb.CreatedTime ? { createdAt: lb.CreatedTime.getTime() } : {}),
    ...(cluster !== undefined ? { cluster } : {}),
    ...(service !== undefined ? { service } : {}),
    tags,
    targetGroups,
  };
}
