import type { z } from "zod";
import { SeededRandom } from "../random.ts";
import { faultConfigSchema, type faultRuleSchema } from "../scenario/schema.ts";
import type { BackgroundCallers } from "./background-callers.ts";
import { TokenBucket } from "./token-bucket.ts";

export type SimService = "elbv2" | "cloudwatch" | "sts";

/**
 * Faults for one run, as the scenario schema defines them (one definition validates scenario
 * files, the control API and code alike). Top-level `latencyMs` and `errorRate` apply to every
 * action of every service; top-level `throttle` is the bucket all ELBv2 `Describe*` actions of
 * one account in one region share, as AWS's is. `actions` overrides any of them for one action,
 * e.g. `{ actions: { DescribeTargetHealth: { errorRate: 0.1 } } }`; an action's own `throttle`
 * gets its own bucket (per account and region too). `targetUnavailableRate` reports that share of
 * the targets in DescribeTargetHealth answers `unavailable`. `seed` makes the dice reproducible.
 */
export type FaultConfig = z.input<typeof faultConfigSchema>;
export type FaultRule = z.input<typeof faultRuleSchema>;

export type FaultDecision = { delayMs: number; fault?: "throttle" | "server" };

/** Whose bucket a request draws from: AWS keeps one per account and region. */
export interface ThrottleScope {
  accountId: string;
  region: string;
}

export interface FaultCounters {
  requests: number;
  throttled: number;
  serverErrors: number;
  /** Describe* calls the controllers made against the buckets, and those the buckets refused them. */
  controllerCalls: number;
  controllerThrottled: number;
}

/** Requests that name no scope (tests of the injector alone) share this bucket. */
const NO_SCOPE: ThrottleScope = { accountId: "", region: "" };

export class FaultInjector {
  #config: FaultConfig = {};
  #random = new SeededRandom(1);
  #buckets = new Map<string, TokenBucket>();
  readonly #wallNow: () => number;
  readonly #background: BackgroundCallers | undefined;
  readonly #counters = { requests: 0, throttled: 0, serverErrors: 0 };

  /**
   * @param wallNow wall time in ms, for the buckets
   * @param background the account's other callers, who draw from the same Describe* buckets
   */
  constructor(
    config: FaultConfig = {},
    wallNow: () => number = () => performance.now(),
    background?: BackgroundCallers,
  ) {
    this.#wallNow = wallNow;
    this.#background = background;
    this.configure(config);
  }

  get config(): FaultConfig {
    return this.#config;
  }

  /** A snapshot: reset the request counters with {@link resetCounters}. */
  get counters(): Readonly<FaultCounters> {
    let controllerCalls = 0;
    let controllerThrottled = 0;
    for (const bucket of this.#buckets.values()) {
      controllerCalls += bucket.others.calls;
      controllerThrottled += bucket.others.throttled;
    }
    return {
      ...this.#counters,
      controllerCalls: Math.floor(controllerCalls),
      controllerThrottled: Math.floor(controllerThrottled),
    };
  }

  /** Sets the request counters back to zero (the controllers' are kept by the buckets). */
  resetCounters(): void {
    Object.assign(this.#counters, { requests: 0, throttled: 0, serverErrors: 0 });
  }

  /** Replaces the whole configuration; buckets start full again. */
  configure(config: FaultConfig): void {
    const parsed = faultConfigSchema.safeParse(config);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `faults.${i.path.join(".")}: ${i.message}`);
      throw new RangeError(problems.join("; "));
    }
    this.#config = config;
    this.#random = new SeededRandom(config.seed ?? 1);
    this.#buckets = new Map();
  }

  decide(service: SimService, action: string, scope: ThrottleScope = NO_SCOPE): FaultDecision {
    this.#counters.requests++;
    const rule = this.#config.actions?.[action];
    const delayMs = rule?.latencyMs ?? this.#config.latencyMs ?? 0;
    const bucket = this.#bucket(service, action, scope);
    if (bucket && !bucket.tryTake(this.#wallNow())) {
      this.#counters.throttled++;
      return { delayMs, fault: "throttle" };
    }
    const errorRate = rule?.errorRate ?? this.#config.errorRate ?? 0;
    if (errorRate > 0 && this.#random.next() < errorRate) {
      this.#counters.serverErrors++;
      return { delayMs, fault: "server" };
    }
    return { delayMs };
  }

  /** Whether the next target of a DescribeTargetHealth answer is reported `unavailable`. */
  targetUnavailable(): boolean {
    const rate = this.#config.targetUnavailableRate ?? 0;
    return rate > 0 && this.#random.next() < rate;
  }

  /**
   * The bucket the call draws from, brought up to now with what the account's controllers drew
   * from it meanwhile: an action's own, or the account's shared ELBv2 Describe* one.
   */
  #bucket(service: SimService, action: string, scope: ThrottleScope): TokenBucket | undefined {
    const own = this.#config.actions?.[action]?.throttle;
    const shared = service === "elbv2" && action.startsWith("Describe") ? this.#config.throttle : undefined;
    const limit = own ?? shared;
    if (!limit) return undefined;
    const key = `${scope.accountId}/${scope.region}${own ? `/${action}` : ""}`;
    const now = this.#wallNow();
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(limit.ratePerSecond, limit.burst, now);
      this.#buckets.set(key, bucket);
    }
    if (!own && this.#background && scope !== NO_SCOPE) {
      const { accountId, region } = scope;
      bucket.advance(now, this.#background.describeCallsPerSecond(accountId, region));
      const refillSeconds = limit.burst / limit.ratePerSecond;
      bucket.drawOthers(this.#background.takeDescribeCalls(accountId, region, refillSeconds));
    }
    return bucket;
  }
}
