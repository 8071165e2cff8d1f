import type { RegionSnapshot } from "../../model/snapshot.ts";
import { regionsToWatch, selectsNlb } from "../../rules/index.ts";
import type { SweepContext } from "../sweep-context.ts";

/** What discovery read in one region: every selected NLB, or why the region could not be read. */
export interface RegionReading {
  region: string;
  snapshot: RegionSnapshot | Error;
}

/**
 * Reads every region some workshop watches, all at once (each region has its own ELBv2 limits),
 * keeping only NLBs that at least one workshop selects, so unselected NLBs cost no target-health
 * reads. A region that fails, or is not read by the sweep's read deadline, is returned as its
 * error, in its place: the regions that answered are still recorded.
 *
 * @returns one reading per watched region, in `regionsToWatch` order.
 */
export async function discover(context: SweepContext): Promise<RegionReading[]> {
  const { source, defaultRegions } = context;
  const { signal } = context.deadlines.read;
  const workshops = context.workshops.map((tracked) => tracked.workshop);
  return Promise.all(
    regionsToWatch(workshops, defaultRegions).map(async (region): Promise<RegionReading> => {
      try {
        const snapshot = await source.discover(
          region,
          (nlb) =>
            workshops.some((w) => selectsNlb(w, { region, name: nlb.name, tags: nlb.tags }, defaultRegions)),
          signal,
        );
        return { region, snapshot };
      } catch (error) {
        return { region, snapshot: error instanceof Error ? error : new Error(String(error)) };
      }
    }),
  );
}
