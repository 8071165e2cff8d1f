import {
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  type LoadBalancer,
  type TagDescription,
  type TargetGroup,
  type TargetHealthDescription,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import type {
  ReadInterval,
  RegionSnapshot,
  TargetGroupSnapshot,
  TargetHealthSample,
} from "../../model/snapshot.ts";
import type { SourceStats, TargetHealthSource } from "../../ports/index.ts";
import { isDetachedGroup } from "../../rules/burst.ts";
import { Elbv2CallError } from "./elbv2-call-error.ts";
import { type Answered, Elbv2Caller, type Elbv2CallerOptions, spanning } from "./elbv2-caller.ts";
import { ELBV2_MAX_PAGE_SIZE, ELBV2_MAX_TAG_RESOURCES } from "./limits.ts";
import { tagsToRecord, toNlbSnapshot, toTargetGroupSnapshot, toTargetObservation } from "./mapping.ts";

export type Elbv2TargetHealthSourceOptions = Elbv2CallerOptions;

type Select = (nlb: { name: string; tags: Record<string, string> }) => boolean;

/** What one awaited call returns: either output or the settled error. */
type Settled<T> = T | Elbv2CallError;

/**
 * {@link TargetHealthSource} backed by the ELBv2 API, reading a region with the fewest calls:
 *
 * 1. DescribeLoadBalancers, 400 per page (network load balancers kept);
 * 2. DescribeTags, 20 NLBs per call, then `select` on each NLB's name and tags;
 * 3. DescribeTargetGroups for the whole region, 400 per page, joined to the NLBs through each
 *    group's `LoadBalancerArns` (skipped when nothing is selected);
 * 4. one DescribeTargetHealth per target group of a selected NLB. A group detached or deleted
 *    between the listing and its health read (every target `Target.NotInUse`, or
 *    `TargetGroupNotFoundException`: the controller replaced it, re-pointed the listener and
 *    deleted it) makes its NLB's groups listed again on their own
 *    (DescribeTargetGroups by load balancer, then their health), so the switch is read now
 *    rather than failing the NLB until the next sweep.
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
  readonly #caller: Elbv2Caller;
  readonly #now: () => number;

  constructor(options: Elbv2TargetHealthSourceOptions) {
    this.#caller = new Elbv2Caller(options);
    this.#now = options.now ?? Date.now;
  }

  async discover(region: string, select: Select, signal?: AbortSignal): Promise<RegionSnapshot> {
    const listed = await this.#listNetworkLoadBalancers(region, signal);
    const nlbs = listed.output;
    const tagged = await this.#tagsOf(
      region,
      nlbs.map((lb) => lb.LoadBalancerArn ?? ""),
      signal,
    );
    const tags = tagged.output;
    // An NLB without a tag description was deleted between the two calls: it is simply gone.
    const selected = nlbs.filter((lb) => {
      const found = tags.get(lb.LoadBalancerArn ?? "");
      return found !== undefined && select({ name: lb.LoadBalancerName ?? "", tags: found });
    });
    // What discovery says (NLBs there, their tags and groups) held somewhere in these reads.
    const sentAt = listed.read.sentAt;
    if (selected.length === 0) {
      return {
        region,
        read: { sentAt, receivedAt: tagged.read.receivedAt },
        loadBalancers: [],
        failures: new Map(),
      };
    }

    const groupsByNlb = new Map<string, TargetGroup[]>(selected.map((lb) => [lb.LoadBalancerArn ?? "", []]));
    const listedGroups = await this.#listTargetGroups(region, signal);
    for (const tg of listedGroups.output) {
      for (const lbArn of tg.LoadBalancerArns ?? []) groupsByNlb.get(lbArn)?.push(tg);
    }
    const groupArns = new Set<string>();
    for (const groups of groupsByNlb.values())
      for (const tg of groups) groupArns.add(tg.TargetGroupArn ?? "");

    // Each group's health has its own read: a throttled, retried one widens only its own windows.
    const health = await this.#readHealth(region, [...groupArns], groupNames(groupsByNlb), signal);

    const snapshot: RegionSnapshot = {
      region,
      read: { sentAt, receivedAt: listedGroups.read.receivedAt },
      loadBalancers: [],
      failures: new Map(),
    };
    for (const lb of selected) {
      const arn = lb.LoadBalancerArn ?? "";
      let read: NlbGroupsRead = joined(groupsByNlb.get(arn) ?? [], health);
      if (read.replaced) read = await this.#relisted(region, arn, signal, read);
      // Half an NLB would look like targets deregistering: keep its last known state instead.
      if (read.errors.length > 0) snapshot.failures.set(arn, read.errors.join("; "));
      else {
        const nlb = toNlbSnapshot(region, lb, tags.get(arn) ?? {}, read.targetGroups);
        snapshot.loadBalancers.push(read.read ? { ...nlb, read: read.read } : nlb);
      }
    }
    return snapshot;
  }

  /**
   * One NLB's groups listed again on their own, with their health: after a group of the region's
   * listing turned out deleted. Still failing, the NLB keeps the first read's errors.
   */
  async #relisted(
    region: string,
    arn: string,
    signal: AbortSignal | undefined,
    first: NlbGroupsRead,
  ): Promise<NlbGroupsRead> {
    try {
      const listed = await this.#listTargetGroups(region, signal, arn);
      const arns = listed.output.map((tg) => tg.TargetGroupArn ?? "");
      const names = new Map(listed.output.map((tg) => [tg.TargetGroupArn ?? "", tg.TargetGroupName ?? ""]));
      const again = joined(listed.output, await this.#readHealth(region, arns, names, signal));
      return again.errors.length > 0 ? first : { ...again, read: listed.read };
    } catch (error) {
      if (error instanceof Elbv2CallError) return first;
      throw error;
    }
  }

  async sampleTargetGroups(
    region: string,
    targetGroupArns: string[],
    signal?: AbortSignal,
  ): Promise<Map<string, TargetHealthSample | Error>> {
    const health = await this.#readHealth(region, [...new Set(targetGroupArns)], new Map(), signal);
    const out = new Map<string, TargetHealthSample | Error>();
    for (const arn of targetGroupArns) {
      const result = health.get(arn);
      if (!result) continue;
      // The group's port is only the fallback for targets without one (Lambda); NLB targets have one.
      out.set(
        arn,
        result instanceof Elbv2CallError
          ? result
          : { targets: result.output.map((d) => toTargetObservation(d, 0)), read: result.read },
      );
    }
    return out;
  }

  stats(): SourceStats {
    return this.#caller.stats();
  }

  resetStats(): void {
    this.#caller.resetStats();
  }

  async #listNetworkLoadBalancers(region: string, signal?: AbortSignal): Promise<Answered<LoadBalancer[]>> {
    const out: LoadBalancer[] = [];
    let marker: string | undefined;
    let read: ReadInterval | undefined;
    do {
      // Not the SDK's paginator: it would bypass the region's queue, and it ignores `pageSize`
      // for ELBv2 (the service's paginators declare no page-size member), so PageSize goes in
      // the input. AWS's default page is also 400, but the call count should not rest on a default.
      const page = await this.#caller.call(
        region,
        "DescribeLoadBalancers",
        undefined,
        new DescribeLoadBalancersCommand({ PageSize: ELBV2_MAX_PAGE_SIZE, Marker: marker }),
        signal,
      );
      read = spanning(read, page.read);
      for (const lb of page.output.LoadBalancers ?? []) if (lb.Type === "network") out.push(lb);
      marker = page.output.NextMarker;
    } while (marker);
    return { output: out, read: read as ReadInterval };
  }

  /** The region's target groups, or those of one load balancer (`loadBalancerArn`). */
  async #listTargetGroups(
    region: string,
    signal?: AbortSignal,
    loadBalancerArn?: string,
  ): Promise<Answered<TargetGroup[]>> {
    const out: TargetGroup[] = [];
    let marker: string | undefined;
    let read: ReadInterval | undefined;
    do {
      const page = await this.#caller.call(
        region,
        "DescribeTargetGroups",
        loadBalancerArn && `load balancer ${loadBalancerArn}`,
        new DescribeTargetGroupsCommand({
          PageSize: ELBV2_MAX_PAGE_SIZE,
          Marker: marker,
          ...(loadBalancerArn ? { LoadBalancerArn: loadBalancerArn } : {}),
        }),
        signal,
      );
      read = spanning(read, page.read);
      out.push(...(page.output.TargetGroups ?? []));
      marker = page.output.NextMarker;
    } while (marker);
    return { output: out, read: read as ReadInterval };
  }

  /** Tags of every NLB, and when the last batch was answered (an NLB is seen until then). */
  async #tagsOf(
    region: string,
    arns: string[],
    signal?: AbortSignal,
  ): Promise<Answered<Map<string, Record<string, string>>>> {
    const batches: string[][] = [];
    for (let i = 0; i < arns.length; i += ELBV2_MAX_TAG_RESOURCES)
      batches.push(arns.slice(i, i + ELBV2_MAX_TAG_RESOURCES));
    const startedAt = this.#now();
    const descriptions = (
      await Promise.all(batches.map((batch) => this.#describeTags(region, batch, signal)))
    ).flat();
    const output = new Map(descriptions.map((d) => [d.ResourceArn ?? "", tagsToRecord(d.Tags)]));
    return { output, read: { sentAt: startedAt, receivedAt: this.#now() } };
  }

  /**
   * One DescribeTags call; if an NLB of the batch was deleted since it was listed, AWS refuses
   * the whole batch with LoadBalancerNotFound, so the batch is split in halves until the
   * missing NLB is isolated and dropped (a few extra calls, only in that race).
   */
  async #describeTags(region: string, arns: string[], signal?: AbortSignal): Promise<TagDescription[]> {
    try {
      const { output } = await this.#caller.call(
        region,
        "DescribeTags",
        undefined,
        new DescribeTagsCommand({ ResourceArns: arns }),
        signal,
      );
      return output.TagDescriptions ?? [];
    } catch (error) {
      if (!(error instanceof Elbv2CallError) || error.code !== "LoadBalancerNotFoundException") throw error;
      if (arns.length === 1) return [];
      const half = Math.ceil(arns.length / 2);
      const parts = await Promise.all([
        this.#describeTags(region, arns.slice(0, half), signal),
        this.#describeTags(region, arns.slice(half), signal),
      ]);
      return parts.flat();
    }
  }

  /**
   * One DescribeTargetHealth per group, all through the region's queue; failures are kept per
   * group, but a deadline that passed ends the whole read (its groups did not fail, time ran out).
   */
  async #readHealth(
    region: string,
    arns: string[],
    names: Map<string, string>,
    signal?: AbortSignal,
  ): Promise<Map<string, Settled<Answered<TargetHealthDescription[]>>>> {
    const results = await Promise.all(
      arns.map(async (arn): Promise<[string, Settled<Answered<TargetHealthDescription[]>>]> => {
        const name = names.get(arn);
        try {
          const { output, read } = await this.#caller.call(
            region,
            "DescribeTargetHealth",
            `target group ${name ? `${name} (${arn})` : arn}`,
            new DescribeTargetHealthCommand({ TargetGroupArn: arn }),
            signal,
          );
          return [arn, { output: output.TargetHealthDescriptions ?? [], read }];
        } catch (error) {
          if (error instanceof Elbv2CallError) return [arn, error];
          throw error;
        }
      }),
    );
    signal?.throwIfAborted();
    return new Map(results);
  }
}

/** An NLB's groups with their health, or what went wrong; `read` when they were listed on their own. */
interface NlbGroupsRead {
  targetGroups: TargetGroupSnapshot[];
  errors: string[];
  /** Some group was deleted since it was listed: the NLB's groups are worth listing again. */
  replaced: boolean;
  read?: ReadInterval;
}

function joined(
  groups: readonly TargetGroup[],
  health: Map<string, Settled<Answered<TargetHealthDescription[]>>>,
): NlbGroupsRead {
  const out: NlbGroupsRead = { targetGroups: [], errors: [], replaced: false };
  for (const tg of groups) {
    const result = health.get(tg.TargetGroupArn ?? "");
    if (result instanceof Elbv2CallError) {
      out.errors.push(result.message);
      out.replaced ||= result.code === "TargetGroupNotFoundException";
    } else if (result) {
      const group = { ...toTargetGroupSnapshot(tg, result.output), read: result.read };
      // Detached since the listing (the switch to ip): its targets left with it; list again.
      if (isDetachedGroup(group.targets)) {
        out.errors.push(`target group ${tg.TargetGroupName} (${tg.TargetGroupArn}) is no longer attached`);
        out.replaced = true;
      } else out.targetGroups.push(group);
    } else out.errors.push(`no DescribeTargetHealth answer for ${tg.TargetGroupArn}`);
  }
  return out;
}

function groupNames(groupsByNlb: Map<string, TargetGroup[]>): Map<string, string> {
  const names = new Map<string, string>();
  for (const groups of groupsByNlb.values())
    for (const tg of groups) names.set(tg.TargetGroupArn ?? "", tg.TargetGroupName ?? "");
  return names;
}
