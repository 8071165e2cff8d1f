import {
  DescribeLoadBalancersCommand,
  type DescribeLoadBalancersCommandOutput,
  DescribeTagsCommand,
  type DescribeTagsCommandOutput,
  DescribeTargetGroupsCommand,
  type DescribeTargetGroupsCommandOutput,
  DescribeTargetHealthCommand,
  type DescribeTargetHealthCommandOutput,
  type ElasticLoadBalancingV2Client,
  type LoadBalancer,
  type TagDescription,
  type TargetGroup,
  type TargetHealthDescription,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { TokenBucket } from "limiter";
import PQueue from "p-queue";
import type { RegionSnapshot, TargetGroupSnapshot, TargetObservation } from "../../model/snapshot.ts";
import type { SourceStats, TargetHealthSource } from "../../ports/index.ts";
import { CallStats } from "./call-stats.ts";
import { Elbv2CallError, type Elbv2Operation } from "./elbv2-call-error.ts";
import {
  DEFAULT_BURST,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_MAX_REQUESTS_PER_SECOND,
  ELBV2_MAX_PAGE_SIZE,
  ELBV2_MAX_TAG_RESOURCES,
} from "./limits.ts";
import { tagsToRecord, toNlbSnapshot, toTargetGroupSnapshot, toTargetObservation } from "./mapping.ts";

export interface Elbv2TargetHealthSourceOptions {
  /** The ELBv2 client of a region (see {@link createElbv2Client}); called once per call, so cache clients. */
  clientFor(region: string): ElasticLoadBalancingV2Client;
  /** Requests started per second and region, retries aside; default 20. */
  maxRequestsPerSecond?: number;
  /** Requests started at once after a pause (the token bucket's size); default min(20, rate). */
  burst?: number;
  /** Requests in flight per region; default 8. */
  maxConcurrency?: number;
  /** Epoch ms; defaults to `Date.now`. */
  now?: () => number;
}

type Select = (nlb: { name: string; tags: Record<string, string> }) => boolean;

/** What one awaited call returns: either output or the settled error. */
type Settled<T> = T | Elbv2CallError;

/** The command each operation sends, and what it returns. */
interface Elbv2Calls {
  DescribeLoadBalancers: {
    command: DescribeLoadBalancersCommand;
    output: DescribeLoadBalancersCommandOutput;
  };
  DescribeTags: { command: DescribeTagsCommand; output: DescribeTagsCommandOutput };
  DescribeTargetGroups: { command: DescribeTargetGroupsCommand; output: DescribeTargetGroupsCommandOutput };
  DescribeTargetHealth: { command: DescribeTargetHealthCommand; output: DescribeTargetHealthCommandOutput };
}

/**
 * {@link TargetHealthSource} backed by the ELBv2 API, reading a region with the fewest calls:
 *
 * 1. DescribeLoadBalancers, 400 per page (network load balancers kept);
 * 2. DescribeTags, 20 NLBs per call, then `select` on each NLB's name and tags;
 * 3. DescribeTargetGroups for the whole region, 400 per page, joined to the NLBs through each
 *    group's `LoadBalancerArns` (skipped when nothing is selected);
 * 4. one DescribeTargetHealth per target group of a selected NLB.
 *
 * That is ⌈LBs/400⌉ + ⌈NLBs/20⌉ + ⌈TGs/400⌉ + (groups of selected NLBs) calls. Every call goes
 * through one queue per region that caps requests started per second and in flight, so the
 * collector stays under ELBv2's per-account `Describe*` bucket on its own; the client's
 * adaptive retry only catches what other callers of the same bucket cause.
 *
 * @example
 * const source = new Elbv2TargetHealthSource({ clientFor: elbv2ClientProvider() });
 * const snapshot = await source.discover("us-west-2", ({ tags }) => CLUSTER_TAG in tags);
 * console.log(snapshot.loadBalancers.length, snapshot.failures, source.stats());
 */
export class Elbv2TargetHealthSource implements TargetHealthSource {
  readonly #clientFor: (region: string) => ElasticLoadBalancingV2Client;
  readonly #maxRequestsPerSecond: number;
  readonly #maxConcurrency: number;
  readonly #now: () => number;
  readonly #burst: number;
  readonly #queues = new Map<string, { queue: PQueue; bucket: TokenBucket }>();
  readonly #stats = new CallStats();

  constructor(options: Elbv2TargetHealthSourceOptions) {
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
  }

  async discover(region: string, select: Select): Promise<RegionSnapshot> {
    const nlbs = await this.#listNetworkLoadBalancers(region);
    const tags = await this.#tagsOf(
      region,
      nlbs.map((lb) => lb.LoadBalancerArn ?? ""),
    );
    // An NLB without a tag description was deleted between the two calls: it is simply gone.
    const selected = nlbs.filter((lb) => {
      const found = tags.get(lb.LoadBalancerArn ?? "");
      return found !== undefined && select({ name: lb.LoadBalancerName ?? "", tags: found });
    });
    if (selected.length === 0) {
      return { region, observedAt: this.#now(), loadBalancers: [], failures: new Map() };
    }

    const groupsByNlb = new Map<string, TargetGroup[]>(selected.map((lb) => [lb.LoadBalancerArn ?? "", []]));
    for (const tg of await this.#listTargetGroups(region)) {
      for (const lbArn of tg.LoadBalancerArns ?? []) groupsByNlb.get(lbArn)?.push(tg);
    }
    const groupArns = new Set<string>();
    for (const groups of groupsByNlb.values())
      for (const tg of groups) groupArns.add(tg.TargetGroupArn ?? "");

    // Health reads start now; they take about (groups / rate) seconds, the sweep's sampling blur.
    const observedAt = this.#now();
    const health = await this.#readHealth(region, [...groupArns], groupNames(groupsByNlb));

    const snapshot: RegionSnapshot = { region, observedAt, loadBalancers: [], failures: new Map() };
    for (const lb of selected) {
      const arn = lb.LoadBalancerArn ?? "";
      const groups = groupsByNlb.get(arn) ?? [];
      const errors: string[] = [];
      const targetGroups: TargetGroupSnapshot[] = [];
      for (const tg of groups) {
        const result = health.get(tg.TargetGroupArn ?? "");
        if (result instanceof Elbv2CallError) errors.push(result.message);
        else targetGroups.push(toTargetGroupSnapshot(tg, result ?? []));
      }
      // Half an NLB would look like targets deregistering: keep its last known state instead.
      if (errors.length > 0) snapshot.failures.set(arn, errors.join("; "));
      else snapshot.loadBalancers.push(toNlbSnapshot(region, lb, tags.get(arn) ?? {}, targetGroups));
    }
    return snapshot;
  }

  async sampleTargetGroups(
    region: string,
    targetGroupArns: string[],
  ): Promise<Map<string, TargetObservation[] | Error>> {
    const health = await this.#readHealth(region, [...new Set(targetGroupArns)], new Map());
    const out = new Map<string, TargetObservation[] | Error>();
    for (const arn of targetGroupArns) {
      const result = health.get(arn) ?? [];
      // The group's port is only the fallback for targets without one (Lambda); NLB targets have one.
      out.set(arn, result instanceof Elbv2CallError ? result : result.map((d) => toTargetObservation(d, 0)));
    }
    return out;
  }

  stats(): SourceStats {
    return this.#stats.snapshot();
  }

  resetStats(): void {
    this.#stats.reset();
  }

  async #listNetworkLoadBalancers(region: string): Promise<LoadBalancer[]> {
    const out: LoadBalancer[] = [];
    let marker: string | undefined;
    do {
      // Not the SDK's paginator: it would bypass the region's queue, and it ignores `pageSize`
      // for ELBv2 (the service's paginators declare no page-size member), so PageSize goes in
      // the input. AWS's default page is also 400, but the call count should not rest on a default.
      const page = await this.#call(
        region,
        "DescribeLoadBalancers",
        undefined,
        new DescribeLoadBalancersCommand({ PageSize: ELBV2_MAX_PAGE_SIZE, Marker: marker }),
      );
      for (const lb of page.LoadBalancers ?? []) if (lb.Type === "network") out.push(lb);
      marker = page.NextMarker;
    } while (marker);
    return out;
  }

  async #listTargetGroups(region: string): Promise<TargetGroup[]> {
    const out: TargetGroup[] = [];
    let marker: string | undefined;
    do {
      const page = await this.#call(
        region,
        "DescribeTargetGroups",
        undefined,
        new DescribeTargetGroupsCommand({ PageSize: ELBV2_MAX_PAGE_SIZE, Marker: marker }),
      );
      out.push(...(page.TargetGroups ?? []));
      marker = page.NextMarker;
    } while (marker);
    return out;
  }

  async #tagsOf(region: string, arns: string[]): Promise<Map<string, Record<string, string>>> {
    const batches: string[][] = [];
    for (let i = 0; i < arns.length; i += ELBV2_MAX_TAG_RESOURCES)
      batches.push(arns.slice(i, i + ELBV2_MAX_TAG_RESOURCES));
    const descriptions = (
      await Promise.all(batches.map((batch) => this.#describeTags(region, batch)))
    ).flat();
    return new Map(descriptions.map((d) => [d.ResourceArn ?? "", tagsToRecord(d.Tags)]));
  }

  /**
   * One DescribeTags call; if an NLB of the batch was deleted since it was listed, AWS refuses
   * the whole batch with LoadBalancerNotFound, so the batch is split in halves until the
   * missing NLB is isolated and dropped (a few extra calls, only in that race).
   */
  async #describeTags(region: string, arns: string[]): Promise<TagDescription[]> {
    try {
      const output = await this.#call(
        region,
        "DescribeTags",
        undefined,
        new DescribeTagsCommand({ ResourceArns: arns }),
      );
      return output.TagDescriptions ?? [];
    } catch (error) {
      if (!(error instanceof Elbv2CallError) || error.code !== "LoadBalancerNotFoundException") throw error;
      if (arns.length === 1) return [];
      const half = Math.ceil(arns.length / 2);
      const parts = await Promise.all([
        this.#describeTags(region, arns.slice(0, half)),
        this.#describeTags(region, arns.slice(half)),
      ]);
      return parts.flat();
    }
  }

  /** One DescribeTargetHealth per group, all through the region's queue; failures are kept per group. */
  async #readHealth(
    region: string,
    arns: string[],
    names: Map<string, string>,
  ): Promise<Map<string, Settled<TargetHealthDescription[]>>> {
    const results = await Promise.all(
      arns.map(async (arn): Promise<[string, Settled<TargetHealthDescription[]>]> => {
        const name = names.get(arn);
        try {
          const output = await this.#call(
            region,
            "DescribeTargetHealth",
            `target group ${name ? `${name} (${arn})` : arn}`,
            new DescribeTargetHealthCommand({ TargetGroupArn: arn }),
          );
          return [arn, output.TargetHealthDescriptions ?? []];
        } catch (error) {
          if (error instanceof Elbv2CallError) return [arn, error];
          throw error;
        }
      }),
    );
    return new Map(results);
  }

  /** Sends one command through the region's queue, counting its attempts; throws {@link Elbv2CallError}. */
  async #call<K extends Elbv2Operation>(
    region: string,
    operation: K,
    resource: string | undefined,
    command: Elbv2Calls[K]["command"],
  ): Promise<Elbv2Calls[K]["output"]> {
    // A union of commands has no callable `add` or `send` overload; their stacks are alike.
    const one = command as DescribeTagsCommand;
    // On the command's own stack, not the (shared, injected) client's.
    one.middlewareStack.add(this.#stats.attemptCounter, {
      step: "deserialize",
      priority: "high",
      name: "targetwatchAttemptCounter",
    });
    const client = this.#clientFor(region);
    try {
      const { queue, bucket } = this.#limiter(region);
      const output = await queue.add(async () => {
        await bucket.removeTokens(1);
        return client.send(one);
      });
      return output as unknown as Elbv2Calls[K]["output"];
    } catch (error) {
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

function groupNames(groupsByNlb: Map<string, TargetGroup[]>): Map<string, string> {
  const names = new Map<string, string>();
  for (const groups of groupsByNlb.values())
    for (const tg of groups) names.set(tg.TargetGroupArn ?? "", tg.TargetGroupName ?? "");
  return names;
}
