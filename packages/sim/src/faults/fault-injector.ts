import type { z } from "zod";
import { SeededRandom } from "../random.ts";
import { faultConfigSchema, type faultRuleSchema } from "../scenario/schema.ts";
import { TokenBucket } from "./token-bucket.ts";

export type SimService = "elbv2" | "cloudwatch" | "sts";

/**
 * Faults for one run, as the scenario schema defines them (one definition validates scenario
 * files, the control API and code alike). Top-level `latencyMs` and `errorRate` apply to every
 * action of every service; top-level `throttle` is one bucket per account shared by all its ELBv2
 * `Describe*` actions, as AWS's per-account bucket is. `actions` overrides any of them for one
 * action, e.g. `{ actions: { DescribeTargetHealth: { errorRate: 0.1 } } }`; an action's own
 * `throttle` gets its own bucket (per account too). `seed` makes the error dice reproducible.
 */
export type FaultConfig = z.input<typeof faultConfigSchema>;
export type FaultRule = z.input<typeof faultRuleSchema>;

export type FaultDecision = { delayMs: number; fault?: "throttle" | "server" };

export interface FaultCounters {
  requests: number;
  throttled: number;
  serverErrors: number;
}

export class FaultInjector {
  #config: FaultConfig = {};
  #random = new SeededRandom(1);
  /** Buckets by account, then by action ("" for the shared Describe* bucket), created on first use. */
  #buckets = new Map<string, Map<string, TokenBucket>>();
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

  /** What happens to `action` of `service` called by `accountId` (each account has its own buckets). */
  decide(service: SimService, action: string, accountId = ""): FaultDecision {
    this.counters.requests++;
    const rule = this.#config.actions?.[action];
    const delayMs = rule?.latencyMs ?? this.#config.latencyMs ?? 0;
    const bucket = this.#bucket(service, action, accountId);
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

  /** The bucket `action` draws from in `accountId`, full when first used; none when it is not throttled. */
  #bucket(service: SimService, action: string, accountId: string): TokenBucket | undefined {
    const own = this.#config.actions?.[action]?.throttle;
    const throttle =
      own ?? (service === "elbv2" && action.startsWith("Describe") ? this.#config.throttle : undefined);
    if (!throttle) return undefined;
    const key = own ? action : "";
    let buckets = this.#buckets.get(accountId);
    if (!buckets) {
      buckets = new Map();
      this.#buckets.set(accountId, buckets);
    }
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(throttle.ratePerSecond, throttle.burst, this.#wallNow());
      buckets.set(key, bucket);
    }
    return bucket;
  }
}
