import type { z } from "zod";
import { SeededRandom } from "../random.ts";
import { faultConfigSchema, type faultRuleSchema } from "../scenario/schema.ts";
import { TokenBucket } from "./token-bucket.ts";

export type SimService = "elbv2" | "cloudwatch" | "sts";

/**
 * Faults for one run, as the scenario schema defines them (one definition validates scenario
 * files, the control API and code alike). Top-level `latencyMs` and `errorRate` apply to every
 * action of every service; top-level `throttle` is the bucket all ELBv2 `Describe*` actions of
 * one account in one region share, as AWS's is. `actions` overrides any of them for one action,
 * e.g. `{ actions: { DescribeTargetHealth: { errorRate: 0.1 } } }`; an action's own `throttle`
 * gets its own bucket (per account and region too). `seed` makes the error dice reproducible.
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
}

/** Requests that name no scope (tests of the injector alone) share this bucket. */
const NO_SCOPE: ThrottleScope = { accountId: "", region: "" };

export class FaultInjector {
  #config: FaultConfig = {};
  #random = new SeededRandom(1);
  #buckets = new Map<string, TokenBucket>();
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
    this.counters.requests++;
    const rule = this.#config.actions?.[action];
    const delayMs = rule?.latencyMs ?? this.#config.latencyMs ?? 0;
    const bucket = this.#bucket(service, action, scope);
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

  /** The bucket the call draws from, full when first used: an action's own, or the shared ELBv2 Describe* one. */
  #bucket(service: SimService, action: string, scope: ThrottleScope): TokenBucket | undefined {
    const own = this.#config.actions?.[action]?.throttle;
    const shared = service === "elbv2" && action.startsWith("Describe") ? this.#config.throttle : undefined;
    const limit = own ?? shared;
    if (!limit) return undefined;
    const key = `${scope.accountId}/${scope.region}${own ? `/${action}` : ""}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(limit.ratePerSecond, limit.burst, this.#wallNow());
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }
}
