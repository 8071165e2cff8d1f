import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { createDynamoDbClient, DynamoWorkshopStore } from "../adapters/dynamodb/index.ts";
import { Elbv2TargetHealthSource, elbv2ClientProvider } from "../adapters/elbv2/index.ts";
import {
  AssumedRoleCredentials,
  type CredentialsProvider,
  Elbv2AccountSources,
} from "../adapters/sts/index.ts";
import type {
  AccountSources,
  CollectorClock,
  MetricsSink,
  SourceStats,
  StoreStats,
  StuckAlarmDescriptions,
} from "../ports/index.ts";
import { systemClock } from "./clocks.ts";
import type { SweepMemory } from "./load.ts";
import { runSweep, type SweepSummary } from "./sweep.ts";

export interface CollectorConfig {
  tableName: string;
  /** Regions watched by workshops that name none. */
  regions: string[];
  /** Seconds between burst re-samples (0 disables). */
  burstIntervalSeconds?: number;
  /** ELBv2 requests started per second and region (of each participant account: each has its own bucket). */
  maxRequestsPerSecond?: number;
  /** ELBv2 requests started at once after a pause (client-side token bucket size). */
  burst?: number;
  /** ELBv2 requests in flight per region. */
  maxConcurrency?: number;
  /** A transition window wider than this crosses a gap (seconds); default 1.5 × the one-minute schedule. */
  maxSamplingIntervalSeconds?: number;
  /** How long one DynamoDB request may take before the store counts as unavailable (ms, collector clock); default 5 s. */
  storeTimeoutMs?: number;
  clock?: CollectorClock;
  /** Injected clients (tests, local stack); by default built from the environment. */
  dynamodb?: DynamoDBClient;
  elbv2ClientFor?: (region: string) => ElasticLoadBalancingV2Client;
  /** ELBv2 requests in flight across every participant account; default 64. */
  maxCallsInFlight?: number;
  /** Region of the STS client that assumes the participant roles; default the first of `regions`. */
  stsRegion?: string;
  /** The STS endpoint; by default the SDK's (`AWS_ENDPOINT_URL_STS`, else the regional one). */
  stsEndpoint?: string;
  /** Who assumes the participant roles; by default the SDK's credential chain (the Lambda's role). */
  stsCredentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Injected ELBv2 clients of participant accounts (tests), signing with the role's credentials. */
  accountElbv2ClientFor?: (region: string, credentials: CredentialsProvider) => ElasticLoadBalancingV2Client;
  /** Injected participant account sources (tests); by default ELBv2 through roles assumed with STS. */
  accountSources?: AccountSources;
  metrics?: MetricsSink;
  /** Who is stuck, told to each workshop's stuck alarm (its description); none by default. */
  alarms?: StuckAlarmDescriptions;
}

/** Requests a collector has made since it was created. */
export interface CollectorStats {
  /** DynamoDB requests. */
  store: StoreStats;
  /** ELBv2 calls, every account's. */
  source: SourceStats;
  /** AssumeRole calls (participant accounts' credentials). */
  assumeRoleCalls: number;
}

export interface Collector {
  /** One sweep that finishes by `deadline` (epoch ms, per the collector's clock). */
  sweep(deadline: number): Promise<SweepSummary>;
  /** Totals over every sweep so far (each sweep's own share is in its {@link SweepSummary}). */
  stats(): CollectorStats;
}

/**
 * Wires the collector to AWS: ELBv2 and DynamoDB clients whose endpoints follow the SDK's
 * `AWS_ENDPOINT_URL_*` convention, so the same code sweeps real AWS or the local stack. The
 * collector keeps what its last sweep saw in memory (a warm Lambda keeps the collector), for
 * sweeps while the store is unavailable and to mark the gap they leave.
 */
export function createCollector(config: CollectorConfig): Collector {
  const clock = config.clock ?? systemClock;
  const store = new DynamoWorkshopStore({
    client: DynamoDBDocumentClient.from(config.dynamodb ?? createDynamoDbClient()),
    tableName: config.tableName,
    now: () => clock.now(),
  });
  const source = new Elbv2TargetHealthSource({
    clientFor: config.elbv2ClientFor ?? elbv2ClientProvider(),
    ...(config.maxRequestsPerSecond !== undefined
      ? { maxRequestsPerSecond: config.maxRequestsPerSecond }
      : {}),
    ...(config.maxConcurrency !== undefined ? { maxConcurrency: config.maxConcurrency } : {}),
    ...(config.burst !== undefined ? { burst: config.burst } : {}),
    now: () => clock.now(),
  });
  const accountSources = config.accountSources ?? defaultAccountSources(config, clock);
  const memory: SweepMemory = {};
  return {
    stats: () => {
      const accounts = accountSources.stats();
      const own = source.stats();
      return {
        store: store.stats(),
        source: {
          apiCalls: own.apiCalls + accounts.apiCalls,
          throttled: own.throttled + accounts.throttled,
          failed: own.failed + accounts.failed,
        },
        assumeRoleCalls: accounts.assumeRoleCalls,
      };
    },
    sweep: (deadline) =>
      runSweep({
        source,
        accountSources,
        store,
        clock,
        defaultRegions: config.regions,
        deadline,
        memory,
        ...(config.maxSamplingIntervalSeconds !== undefined
          ? { maxSamplingIntervalSeconds: config.maxSamplingIntervalSeconds }
          : {}),
        ...(config.storeTimeoutMs !== undefined ? { storeTimeoutMs: config.storeTimeoutMs } : {}),
        ...(config.burstIntervalSeconds !== undefined
          ? { burstIntervalSeconds: config.burstIntervalSeconds }
          : {}),
        ...(config.metrics ? { metrics: config.metrics } : {}),
        ...(config.alarms ? { alarms: config.alarms } : {}),
      }),
  };
}

/** Participant accounts read through ELBv2 with credentials of the roles STS lets the collector assume. */
function defaultAccountSources(config: CollectorConfig, clock: CollectorClock): AccountSources {
  const credentials = new AssumedRoleCredentials({
    region: config.stsRegion ?? config.regions[0] ?? "us-east-1",
    ...(config.stsEndpoint ? { endpoint: config.stsEndpoint } : {}),
    ...(config.stsCredentials ? { masterCredentials: config.stsCredentials } : {}),
  });
  return new Elbv2AccountSources({
    credentials,
    ...(config.accountElbv2ClientFor ? { clientFor: config.accountElbv2ClientFor } : {}),
    ...(config.maxRequestsPerSecond !== undefined
      ? { maxRequestsPerSecond: config.maxRequestsPerSecond }
      : {}),
    ...(config.maxConcurrency !== undefined ? { maxConcurrency: config.maxConcurrency } : {}),
    ...(config.burst !== undefined ? { burst: config.burst } : {}),
    ...(config.maxCallsInFlight !== undefined ? { maxCallsInFlight: config.maxCallsInFlight } : {}),
    now: () => clock.now(),
  });
}
