import type { RequestContext } from "../../protocol.ts";
import type { ElbReadModel, TargetGroupView, TargetHealthDescriptionView } from "../../world/elb-view.ts";
import { assertTargetGroupArn } from "../arn.ts";
import { Elbv2Error } from "../errors.ts";
import {
  constraintViolation,
  listForMessage,
  memberList,
  requiredString,
  type TargetFilter,
  targetList,
} from "../query.ts";
import { targetHealthDescriptionXml } from "../serialize.ts";
import { xmlList } from "../xml.ts";

const INCLUDE_VALUES = new Set(["AnomalyDetection", "All"]);

export function describeTargetHealth(
  params: URLSearchParams,
  model: ElbReadModel,
  ctx: RequestContext,
): string {
  const targetGroupArn = requiredString(params, "TargetGroupArn", "targetGroupArn");
  const include = memberList(params, "Include");
  if (include?.some((value) => !INCLUDE_VALUES.has(value))) {
    throw constraintViolation(
      listForMessage(include),
      "include",
      "Member must satisfy constraint: [Member must satisfy enum value set: [AnomalyDetection, All]]",
    );
  }
  const filter = targetList(params);
  assertTargetGroupArn(targetGroupArn);
  const registered = model.targetHealth(ctx.region, targetGroupArn);
  if (registered === undefined)
    throw new Elbv2Error("TargetGroupNotFound", "One or more target groups not found");

  const asked =
    filter === undefined || filter.length === 0
      ? registered
      : filtered(registered, filter, () => findTargetGroup(model, ctx.region, targetGroupArn));
  const descriptions = asked.map((d) => withInjectedFault(d, ctx));
  // AnomalyDetection is only sent when asked for (an ALB feature: NLB targets never carry it).
  const anomalyDetection = include !== undefined && include.length > 0;
  return xmlList("TargetHealthDescriptions", descriptions, (d) =>
    targetHealthDescriptionXml(d, { anomalyDetection }),
  );
}

/** A registered target the injected fault makes `unavailable`, as NLBs report an internal error. */
function withInjectedFault(d: TargetHealthDescriptionView, ctx: RequestContext): TargetHealthDescriptionView {
  if (d.TargetHealth.Reason === "Target.NotRegistered" || !ctx.targetUnavailable?.()) return d;
  return {
    ...d,
    TargetHealth: {
      State: "unavailable",
      Reason: "Elb.InternalError",
      Description: "Target health is unavailable due to an internal error",
    },
  };
}

/**
 * The descriptions of the requested targets, in the order asked. A target asked for without a
 * port matches every registration of its ID. One that is not registered still gets an answer,
 * `unused` / `Target.NotRegistered`, on the group's port unless one was given — as AWS does.
 */
function filtered(
  registered: readonly TargetHealthDescriptionView[],
  filter: readonly TargetFilter[],
  targetGroup: () => TargetGroupView | undefined,
): TargetHealthDescriptionView[] {
  const out: TargetHealthDescriptionView[] = [];
  const served = new Set<TargetHealthDescriptionView>();
  for (const wanted of filter) {
    let matched = false;
    for (const d of registered) {
      if (d.Target.Id !== wanted.Id || (wanted.Port !== undefined && d.Target.Port !== wanted.Port)) continue;
      matched = true;
      if (!served.has(d)) {
        served.add(d);
        out.push(d);
      }
    }
    if (!matched) out.push(notRegistered(wanted, targetGroup()));
  }
  return out;
}

function notRegistered(wanted: TargetFilter, tg: TargetGroupView | undefined): TargetHealthDescriptionView {
  const port = wanted.Port ?? tg?.Port ?? 0;
  const healthCheckPort =
    tg === undefined || tg.HealthCheckPort === "traffic-port" ? String(port) : tg.HealthCheckPort;
  return {
    Target: {
      Id: wanted.Id,
      Port: port,
      ...(wanted.AvailabilityZone ? { AvailabilityZone: wanted.AvailabilityZone } : {}),
    },
    HealthCheckPort: healthCheckPort,
    TargetHealth: {
      State: "unused",
      Reason: "Target.NotRegistered",
      Description: "Target is not registered to the target group",
    },
  };
}

function findTargetGroup(model: ElbReadModel, region: string, arn: string): TargetGroupView | undefined {
  return model.targetGroups(region).find((tg) => tg.TargetGroupArn === arn);
}
