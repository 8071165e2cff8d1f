import type {
  DescribeLoadBalancersCommand,
  DescribeLoadBalancersCommandOutput,
  DescribeTagsCommand,
  DescribeTagsCommandOutput,
  DescribeTargetGroupsCommand,
  DescribeTargetGroupsCommandOutput,
  DescribeTargetHealthCommand,
  DescribeTargetHealthCommandOutput,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { TokenBucket } from "limiter";
import PQueue from "p-queue";
import type { ReadInterval } from "../../model/snapshot.ts";
import type { SourceStats } from "../../ports/index.ts";
import { CallStats } from "./call-stats.ts";
import { Elbv2CallError, type Elbv2Operation } from "./elbv2-call-error.ts";
import { DEFAULT_BURST, DEFAULT_MAX_CONCURRENCY, DEFAULT_MAX_REQUESTS_PER_SECOND } from "./limits.ts";

export interface Elbv2CallerOptions {
  /** The ELBv2 client of a region (see {@link createElbv2Client}); called once per call, so cache clients. */
  clientFor(region: string): ElasticLoadBalancingV2Client;
  /** Requests started per second and region, retries aside; default 20. */
  maxRequestsPerSecond?: number;
  /** Requests started at once after a pause (the token bucket's size); default min(20, rate). */
  burst?: number;
  /** Requests in flight per region; default 8. */
  maxConcurrency?: number;
  /**
   * A queue shared with other callers that bounds their requests in flight together: the
   * collector's cap across participant accounts, each of which has a caller (and buckets) of its own.
   */
  sharedQueue?: PQueue;
  /** Epoch ms, the collector's clock: read intervals are stamped with it. Defaults to `Date.now`. */
  now?: () => number;
}

/** A call's output and the read interval of the attempt that got it. */
export interface Answered<T> {
  output: T;
  read: ReadInterval;
}

/** The command each operation sends, and what it returns. */
export interface Elbv2Calls {
  DescribeLoadBalancers: {
    command: DescribeLoadBalancersCommand;
    output: DescribeLoadBalancersCommandOutput;
  };
  DescribeTags: { command: DescribeTagsCommand; output: DescribeTagsCommandOutput };
  DescribeTargetGroups: { command: DescribeTargetGroupsCommand; output: DescribeTargetGroupsCommandOutput };
  DescribeTargetHealth: { command: DescribeTargetHealthCommand; output: DescribeTargetHealthCommandOutput };
}

/**
 * Sends ELBv2 calls through one queue per region that caps requests started per second and in
 * flight, counts their attempts, and stamps each answer with the interval of the attempt that
 * got it.
 */
export class Elbv2Caller {
  readonly #clientFor: (region: string) => ElasticLoadBalancingV2Client;
  readonly #maxRequestsPerSecond: number;
  readonly #maxConcurrency: number;
  readonly #now: () => number;
  readonly #burst: number;
  readonly #sharedQueue: PQueue | undefined;
  readonly #queues = new Map<string, { queue: PQueue; bucket: TokenBucket }>();
  readonly #stats = new CallStats();

  constructor(options: Elbv2CallerOptions) {
    const rate = options.maxRequestsPerSecond ?? DEFAULT_MAX_REQUESTS_PER_SECOND;
    const concurrency = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    if (!(rate > 0) || !Number.isFinite(rate))
      throw new RangeError(`maxRequestsPerSecond must be a positive number, got ${rate}`);
    if (!(concurrency >= 1) || !Number.isInteger(concurrency))
      throw new RangeError(`maxConcurrency must be a positive integer, got ${concurrency}`);
    this.#clientFor = options.clientFor;
    const burst = options.burst ?? Math.min(DEFAULT_BURST, Math.max(1, Math.floor(rate)));
    if (!(burst >= 1) || !Number.isFinite(burst))
      throw new RangeError(`burst must be at least 1, got ${burst}`);
    this.#maxRequestsPerSecond = rate;
    this.#maxConcurrency = concurrency;
    this.#burst = burst;
    this.#now = options.now ?? Date.now;
    this.#sharedQueue = options.sharedQueue;
  }

  stats(): SourceStats {
    return this.#stats.snapshot();
  }

  resetStats(): void {
    this.#stats.reset();
  }

  /**
   * Sends one command through the region's queue, counting its attempts and timing the one that
   * was answered; throws {@link Elbv2CallError}, or the abort reason once `signal` aborted.
   */
  async call<K extends Elbv2Operation>(
    region: string,
    operation: K,
    resource: string | undefined,
    command: Elbv2Calls[K]["command"],
    signal?: AbortSignal,
  ): Promise<Answered<Elbv2Calls[K]["output"]>> {
    // A union of commands has no callable `add` or `send` overload; their stacks are alike.
    const one = command as DescribeTagsCommand;
    // On the command's own stack, not the (shared, injected) client's. The deserialize step runs
    // once per attempt, inside the retry loop: the last attempt's send time is the read's start.
    one.middlewareStack.add(this.#stats.attemptCounter, {
      step: "deserialize",
      priority: "high",
      name: "targetwatchAttemptCounter",
    });
    let sentAt = Number.NaN;
    one.middlewareStack.add(
      (next) => (args) => {
        sentAt = this.#now();
        return next(args);
      },
      { step: "deserialize", priority: "low", name: "targetwatchReadTiming" },
    );
    const client = this.#clientFor(region);
    try {
      const { queue, bucket } = this.#limiter(region);
      const output = await queue.add(
        async () => {
          await untilAborted(bucket.removeTokens(1), signal);
          const send = () => client.send(one, signal ? { abortSignal: signal } : {});
          // Paced by its own bucket first: a slot of the shared cap is held only while sending.
          return this.#sharedQueue ? this.#sharedQueue.add(send, signal ? { signal } : {}) : send();
        },
        signal ? { signal } : {},
      );
      const read = { sentAt, receivedAt: this.#now() };
      return { output: output as unknown as Elbv2Calls[K]["output"], read };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      this.#stats.recordFailure();
      throw new Elbv2CallError(operation, region, resource, error);
    }
  }

  #limiter(region: string): { queue: PQueue; bucket: TokenBucket } {
    let limiter = this.#queues.get(region);
    if (!limiter) {
      // ELBv2's own limit is a token bucket (a burst, then a steady refill), so the client
      // mirrors it: p-queue bounds calls in flight, limiter's TokenBucket paces their starts.
      // p-queue alone only knows fixed windows, which either waste the burst or overshoot it.
      const bucket = new TokenBucket({
        bucketSize: this.#burst,
        tokensPerInterval: this.#maxRequestsPerSecond,
        interval: "second",
      });
      // A fresh bucket is empty; a sweep should start with its burst, as AWS's bucket does.
      bucket.content = this.#burst;
      limiter = { queue: new PQueue({ concurrency: this.#maxConcurrency }), bucket };
      this.#queues.set(region, limiter);
    }
    return limiter;
  }
}

/** The interval from the first read's send to the last read's answer. */
export function spanning(first: ReadInterval | undefined, latest: ReadInterval): ReadInterval {
  return { sentAt: first?.sentAt ?? latest.sentAt, receivedAt: latest.receivedAt };
}

/** `promise`, or the abort reason as soon as `signal` aborts (the promise itself runs on). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", abort);
        reject(error);
      },
    );
  });
}
