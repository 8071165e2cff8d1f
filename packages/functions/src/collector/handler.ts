import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import {
  CloudWatchMetricsSink,
  CloudWatchStuckAlarmDescriptions,
  createCloudWatchClient,
} from "@targetwatch/core/adapters/cloudwatch";
import { type Collector, createCollector, type SweepSummary } from "@targetwatch/core/collector";
import type { Context, ScheduledEvent } from "aws-lambda";
import { readCollectorSettings } from "./config.ts";

/** Left for logging and returning after the sweep, whose deadline covers its heartbeats and metrics. */
const SAFETY_MARGIN_MS = 5_000;

export const logger = new Logger({ serviceName: "targetwatch-collector" });

// Built on the first invocation and reused by warm ones: clients keep their connections.
let cached: { collector: Collector; budgetMs: number } | undefined;

function getCollector(): { collector: Collector; budgetMs: number } {
  if (!cached) {
    const settings = readCollectorSettings();
    const cloudwatch = createCloudWatchClient();
    cached = {
      budgetMs: settings.sweepBudgetSeconds * 1000,
      collector: createCollector({
        tableName: settings.tableName,
        regions: settings.regions,
        burstIntervalSeconds: settings.burstIntervalSeconds,
        maxRequestsPerSecond: settings.maxRequestsPerSecond,
        burst: settings.burst,
        metrics: new CloudWatchMetricsSink({
          client: cloudwatch,
          perLoadBalancer: settings.perLoadBalancerMetrics,
        }),
        ...(settings.alarmPrefix
          ? {
              alarms: new CloudWatchStuckAlarmDescriptions({
                client: cloudwatch,
                prefix: settings.alarmPrefix,
              }),
            }
          : {}),
      }),
    };
  }
  return cached;
}

async function sweep(_event: ScheduledEvent, context: Context): Promise<SweepSummary> {
  const { collector, budgetMs } = getCollector();
  const started = Date.now();
  const deadline = Math.min(
    started + budgetMs,
    started + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS,
  );
  const summary = await collector.sweep(deadline);
  // The one line per sweep that dashboards and people read.
  logger.info("sweep finished", { sweep: summary });
  if (!summary.storeAvailable) {
    logger.error("store unavailable: metrics published from the last known states, nothing recorded", {
      errors: summary.errors,
    });
  } else if (summary.errors.length > 0) logger.warn("sweep had errors", { errors: summary.errors });
  return summary;
}

/** Scheduled collector: one sweep of every workshop NLB per invocation. */
export const handler = middy<ScheduledEvent, SweepSummary>().use(injectLambdaContext(logger)).handler(sweep);
