import type { Logger } from "@aws-lambda-powertools/logger";
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

let logger: Promise<Logger> | undefined;

/**
 * Powertools' Logger, loaded while the first sweep's requests are in flight rather than before
 * the handler can start: every sweep logs, but only once it has finished.
 */
function loadLogger(): Promise<Logger> {
  logger ??= import("@aws-lambda-powertools/logger").then(
    ({ Logger }) => new Logger({ serviceName: "targetwatch-collector" }),
  );
  return logger;
}

/**
 * What Powertools' `injectLambdaContext` middleware does before a handler (sampling, the Lambda
 * context on every line, the event when POWERTOOLS_LOGGER_LOG_EVENT asks for it), done once the
 * logger is loaded; nothing logs before then.
 */
async function invocationLogger(event: ScheduledEvent, context: Context): Promise<Logger> {
  const log = await loadLogger();
  log.refreshSampleRateCalculation();
  log.addContext(context);
  log.logEventIfEnabled(event);
  return log;
}

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

/** Scheduled collector: one sweep of every workshop NLB per invocation. */
export async function handler(event: ScheduledEvent, context: Context): Promise<SweepSummary> {
  const logging = invocationLogger(event, context);
  logging.catch(() => {}); // awaited below, unless the sweep fails first
  try {
    const { collector, budgetMs } = getCollector();
    const started = Date.now();
    const deadline = Math.min(
      started + budgetMs,
      started + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS,
    );
    const summary = await collector.sweep(deadline);
    const log = await logging;
    // The one line per sweep that dashboards and people read.
    log.info("sweep finished", { sweep: summary });
    if (!summary.storeAvailable) {
      log.error("store unavailable: metrics published from the last known states, nothing recorded", {
        errors: summary.errors,
      });
    } else if (summary.errors.length > 0) log.warn("sweep had errors", { errors: summary.errors });
    return summary;
  } finally {
    // As the middleware does after a handler, answered or failed: drop buffered debug lines.
    (await logging).clearBuffer();
  }
}
