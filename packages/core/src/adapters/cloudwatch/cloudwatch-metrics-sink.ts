import { type CloudWatchClient, type MetricDatum, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { METRICS_NAMESPACE } from "../../model/constants.ts";
import type { MetricsSink, SweepReport } from "../../ports/index.ts";

/** PutMetricData takes at most 1,000 metrics per request. */
const MAX_DATA_PER_REQUEST = 1000;

export interface CloudWatchMetricsSinkOptions {
  client: CloudWatchClient;
  namespace?: string;
  /**
   * Also publish per-NLB metrics (dimensions Workshop, LoadBalancer). Off by default: every
   * distinct metric is billed monthly (see docs/alarms.md for the cost), and a class of 50 NLBs
   * would add 250 metrics.
   */
  perLoadBalancer?: boolean;
}

/**
 * Publishes each sweep to CloudWatch: per workshop (dimension `Workshop`) `LoadBalancers`,
 * `Targets`, `HealthyTargets`, `InitialTargets`, `UnhealthyTargets`, `StuckTargets`; for the
 * collector itself (no dimension) `SweepDuration`, `SweepErrors`, `ElbApiCalls`,
 * `SweepConflicts`. The workshop alarms watch `StuckTargets`; the stack's "monitoring stopped"
 * alarm watches `SweepDuration`.
 */
export class CloudWatchMetricsSink implements MetricsSink {
  readonly #client: CloudWatchClient;
  readonly #namespace: string;
  readonly #perLoadBalancer: boolean;

  constructor(options: CloudWatchMetricsSinkOptions) {
    this.#client = options.client;
    this.#namespace = options.namespace ?? METRICS_NAMESPACE;
    this.#perLoadBalancer = options.perLoadBalancer ?? false;
  }

  async publish(report: SweepReport, signal?: AbortSignal): Promise<void> {
    const data = metricData(report, this.#perLoadBalancer);
    for (let i = 0; i < data.length; i += MAX_DATA_PER_REQUEST) {
      await this.#client.send(
        new PutMetricDataCommand({
          Namespace: this.#namespace,
          MetricData: data.slice(i, i + MAX_DATA_PER_REQUEST),
        }),
        signal ? { abortSignal: signal } : {},
      );
    }
  }
}

/** The datapoints of one sweep; pure, so what is published is tested without CloudWatch. */
export function metricData(report: SweepReport, perLoadBalancer: boolean): MetricDatum[] {
  const Timestamp = new Date(report.at);
  const count = (name: string, value: number, dimensions: Record<string, string> = {}): MetricDatum => ({
    MetricName: name,
    Timestamp,
    Value: value,
    Unit: "Count",
    Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
  });
  const data: MetricDatum[] = [
    { MetricName: "SweepDuration", Timestamp, Value: report.durationMs, Unit: "Milliseconds" },
    count("SweepErrors", report.errors),
    count("ElbApiCalls", report.elbApiCalls),
    // Writes that found an overlapping sweep there first: with reserved concurrency 1 there are none.
    count("SweepConflicts", report.conflicts),
  ];
  const unhealthy = (byState: Record<string, number>) =>
    (byState.unhealthy ?? 0) + (byState["unhealthy.draining"] ?? 0);
  for (const w of report.workshops) {
    const dims = { Workshop: w.workshopId };
    data.push(
      count("LoadBalancers", w.loadBalancers, dims),
      count("Targets", w.targets, dims),
      count("HealthyTargets", w.targetsByState.healthy ?? 0, dims),
      count("InitialTargets", w.targetsByState.initial ?? 0, dims),
      count("UnhealthyTargets", unhealthy(w.targetsByState), dims),
      count("StuckTargets", w.stuck, dims),
    );
  }
  if (perLoadBalancer) {
    for (const lb of report.loadBalancers) {
      const dims = { Workshop: lb.workshopId, LoadBalancer: lb.loadBalancerName };
      data.push(
        count("Targets", lb.targets, dims),
        count("HealthyTargets", lb.targetsByState.healthy ?? 0, dims),
        count("InitialTargets", lb.targetsByState.initial ?? 0, dims),
        count("UnhealthyTargets", unhealthy(lb.targetsByState), dims),
        count("StuckTargets", lb.stuck, dims),
      );
    }
  }
  return data;
}
