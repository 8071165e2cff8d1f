import type { HealthCheckFailure } from "../scenario/schema.ts";
import type { ServiceResources } from "./controller.ts";
import type { ElbModel } from "./elb-model.ts";
import type { TargetHealthState, TargetType } from "./elb-view.ts";
import { type Cluster, podReady, type Service } from "./kubernetes.ts";

/** The world at a glance (`GET /_sim/world`). */
export interface WorldSummary {
  now: string;
  clusters: ClusterSummary[];
}

export interface ClusterSummary {
  name: string;
  /** The AWS account the cluster (and its load balancers) live in. */
  accountId: string;
  region: string;
  nodes: { instanceId: string; availabilityZone: string; privateIp: string }[];
  deployments: {
    name: string;
    replicas: number;
    pods: {
      index: number;
      name: string;
      ip: string;
      /** Its readiness probe passes: it is an endpoint, so the controller registers it (ip mode). */
      ready: boolean;
      /** Its readiness probe fails (`failPod`). */
      failing: boolean;
      /** Ready, but the NLB's health check of it fails, and why (`failHealthCheck`). */
      healthCheckFailure?: HealthCheckFailure;
      availabilityZone: string;
    }[];
  }[];
  services: ServiceSummary[];
}

export interface ServiceSummary {
  name: string;
  targetType: TargetType;
  loadBalancer: { name: string; arn: string; dnsName: string; state: string };
  targetGroups: {
    name: string;
    arn: string;
    targetType: TargetType;
    targets: { id: string; port: number; state: TargetHealthState; reason?: string }[];
  }[];
}

/** Where the summary reads what the controller made of each service. */
export interface SummarySources {
  accountOf(cluster: Cluster): string;
  resourcesOf(service: Service): ServiceResources | undefined;
  /** The ELB model of the cluster's account in the cluster's region. */
  elb(cluster: Cluster): ElbModel;
}

/** Clusters, services, their NLB, target groups and target states, as of `now`. */
export function summarize(now: number, clusters: Iterable<Cluster>, sources: SummarySources): WorldSummary {
  return {
    now: new Date(now).toISOString(),
    clusters: [...clusters].map((cluster) => ({
      name: cluster.name,
      accountId: sources.accountOf(cluster),
      region: cluster.region,
      nodes: cluster.nodes.map((n) => ({
        instanceId: n.instanceId,
        availabilityZone: n.az,
        privateIp: n.privateIp,
      })),
      deployments: [...cluster.deployments.entries()].map(([key, d]) => ({
        name: key,
        replicas: d.pods.length,
        pods: d.pods.map((p) => ({
          index: p.index,
          name: p.name,
          ip: p.ip,
          ready: podReady(p, now),
          failing: p.failing,
          ...(p.healthCheckFailure ? { healthCheckFailure: p.healthCheckFailure } : {}),
          availabilityZone: p.node.az,
        })),
      })),
      services: [...cluster.services.values()].map((s) => serviceSummary(s, sources)),
    })),
  };
}

function serviceSummary(service: Service, sources: SummarySources): ServiceSummary {
  const elb = sources.elb(service.cluster);
  const resources = sources.resourcesOf(service);
  const lb = resources && elb.loadBalancer(resources.loadBalancerArn);
  if (!resources || !lb) throw new Error(`service ${service.key} has no load balancer`);
  return {
    name: service.key,
    targetType: service.spec.targetType,
    loadBalancer: {
      name: lb.LoadBalancerName,
      arn: lb.LoadBalancerArn,
      dnsName: lb.DNSName,
      state: lb.State.Code,
    },
    targetGroups: resources.targetGroupArns.flatMap((arn) => {
      const tg = elb.targetGroup(arn);
      if (!tg) return [];
      return [
        {
          name: tg.TargetGroupName,
          arn: tg.TargetGroupArn,
          targetType: tg.TargetType,
          targets:
            elb.targetHealth(arn)?.map((d) => ({
              id: d.Target.Id,
              port: d.Target.Port,
              state: d.TargetHealth.State,
              ...(d.TargetHealth.Reason ? { reason: d.TargetHealth.Reason } : {}),
            })) ?? [],
        },
      ];
    }),
  };
}
