import { SeededRandom } from "../random.ts";
import { TokenBucket } from "./token-bucket.ts";

export type SimService = "elbv2" | "cloudwatch";

export interface ThrottleConfig {
  ratePerSecond: number;
  burst: number;
}

export interface FaultRule {
  /** Added to every answer, in wall-clock ms. */
  latencyMs?: number;
  /** Share of requests (0–1) answered with a server error (ELBv2 `HealthUnavailable`/`InternalFailure`, CloudWatch `InternalServiceFault`). */
  errorRate?: number;
  /** Token bucket; AWS's `Throttling` error when empty. */
  throttle?: ThrottleConfig;
}

/**
 * Faults for one run. Top-level `latencyMs` and `errorRate` apply to every action of both
 * services; top-level `throttle` is one bucket shared by all ELBv2 `Describe*` actions, as AWS's
 * per-account bucket is. `actions` overrides any of them for one action, e.g.
 * `{ actions: { DescribeTargetHealth: { errorRate: 0.1 } } }`; an action's own `throttle` gets
 * its own bucket.
 */
export interface FaultConfig extends FaultRule {
  actions?: Record<string, FaultRule>;
  /** Seed for the error-rate dice, so a faulty run is reproducible. */
  seed?: number;
}

export type FaultDecision = { delayMs: number; fault?: "throttle" | "server" };

export interface FaultCounters {
  requests: number;
  throttled: number;
  serverErrors: number;
}

export class FaultInjector {
  #config: FaultConfig = {};
  #random = new SeededRandom(1);
  #sharedBucket: TokenBucket | undefined;
  #actionBuckets = new Map<string, TokenBucket>();
  readonly #wallNow: () => number;
  readonly counters: FaultCounters = { requests: 0, throttled: 0, serverErrors: 0 };

  constructor(config: FaultConfig = {}, wallNow: () => number = () => performance.now()) {
    this.#wallNow = wallNow;
    this.configure(config);
  }

  get config(): FaultConfig {
    return this.#config;
  }

  /** Replaces the whole configuration; buckets start full again. */
  configure(config: FaultConfig): void {
    validateFaultConfig(config);
    this.#config = config;
    this.#random = new SeededRandom(config.seed ?? 1);
    const now = this.#wallNow();
    this.#sharedBucket = config.throttle
      ? new TokenBucket(config.throttle.ratePerSecond, config.throttle.burst, now)
      : undefined;
    this.#actionBuckets = new Map();
    for (const [action, rule] of Object.entries(config.actions ?? {})) {
      if (rule.throttle)
        this.#actionBuckets.set(
          action,
          new TokenBucket(rule.throttle.ratePerSecond, rule.throttle.burst, now),
        );
    }
  }

  decide(service: SimService, action: string): FaultDecision {
    this.counters.requests++;
    const rule = this.#config.actions?.[action];
    const delayMs = rule?.latencyMs ?? this.#config.latencyMs ?? 0;
    const bucket =
      this.#actionBuckets.get(action) ??
      (service === "elbv2" && action.startsWith("Describe") ? this.#sharedBucket : undefined);
    if (bucket && !bucket.tryTake(this.#wallNow())) {
      this.counters.throttled++;
      return { delayMs, fault: "throttle" };
    }
    const errorRate = rule?.errorRate ?? this.#config.errorRate ?? 0;
    if (errorRate > 0 && this.#random.next() < errorRate) {
      this.counters.serverErrors++;
      return { delayMs, fault: "server" };
    }
    return { delayMs };
  }
}

function validateFaultConfig(config: FaultConfig): void {
  const rules: [string, FaultRule][] = [
    ["faults", config],
    ...Object.entries(config.actions ?? {}).map(
      ([a, r]) => [`faults.actions.${a}`, r] as [string, FaultRule],
    ),
  ];
  for (const [where, rule] of rules) {
    if (rule.latencyMs !== undefined && !(rule.latencyMs >= 0))
      throw new RangeError(`${where}.latencyMs must be ≥ 0`);
    if (rule.errorRate !== undefined && !(rule.errorRate >= 0 && rule.errorRate <= 1))
      throw new RangeError(`${where}.errorRate must be between 0 and 1`);
    if (rule.throttle && !(rule.throttle.ratePerSecond > 0 && rule.throttle.burst >= 1))
      throw new RangeError(`${where}.throttle needs ratePerSecond > 0 and burst ≥ 1`);
  }
}
