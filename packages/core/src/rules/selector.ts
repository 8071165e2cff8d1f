import type { Workshop } from "../model/workshop.ts";

/** What the selector needs to know about an NLB: known before its target groups are read. */
export interface NlbIdentity {
  region: string;
  name: string;
  tags: Readonly<Record<string, string>>;
}

/**
 * The regions a workshop watches: its own list, or the collector's configured regions when the
 * list is empty (so one deployment can serve workshops that do not care about regions).
 */
export function workshopRegions(
  workshop: Pick<Workshop, "selector">,
  defaultRegions: readonly string[],
): string[] {
  return workshop.selector.regions.length > 0 ? [...workshop.selector.regions] : [...defaultRegions];
}

/**
 * Whether an NLB belongs to a workshop: every tag filter holds (a filter without `value` only
 * asks for the key, whatever its value), the name starts with the name prefix when one is set,
 * and the region is one the workshop watches (see {@link workshopRegions}).
 *
 * @example
 * ```ts
 * // The default workshop: every NLB the Load Balancer Controller made, in the collector's regions.
 * selectsNlb(DEFAULT_WORKSHOP, { region: "us-west-2", name: "k8s-ui-uinlb-1", tags: { "elbv2.k8s.aws/cluster": "eks-workshop" } }, ["us-west-2"]); // true
 * ```
 */
export function selectsNlb(
  workshop: Pick<Workshop, "selector">,
  nlb: NlbIdentity,
  defaultRegions: readonly string[],
): boolean {
  const { selector } = workshop;
  const tagsHold = selector.tags.every((filter) =>
    filter.value === undefined ? Object.hasOwn(nlb.tags, filter.key) : nlb.tags[filter.key] === filter.value,
  );
  if (!tagsHold) return false;
  if (selector.namePrefix !== undefined && !nlb.name.startsWith(selector.namePrefix)) return false;
  return workshopRegions(workshop, defaultRegions).includes(nlb.region);
}

/**
 * Every region at least one workshop watches, deduplicated and sorted (so the collector sweeps
 * regions in a stable order whatever order the store lists workshops in). With no workshop the
 * answer is empty: the caller decides whether the built-in default workshop applies.
 */
export function regionsToWatch(
  workshops: readonly Pick<Workshop, "selector">[],
  defaultRegions: readonly string[],
): string[] {
  const regions = new Set(workshops.flatMap((workshop) => workshopRegions(workshop, defaultRegions)));
  return [...regions].sort();
}
