import type { Scope } from "../../model/scope.ts";
import type { RegionSnapshot } from "../../model/snapshot.ts";
import {
  type AccountReadOutcome,
  scopeKey,
  scopesToWatch,
  selectsNlb,
  workshopScopes,
} from "../../rules/index.ts";
import type { SweepContext } from "../sweep-context.ts";

/**
 * What discovery read in one scope (a region, in a participant account when `access` is set):
 * every selected NLB, or why the scope could not be read.
 */
export interface RegionReading extends Scope {
  snapshot: RegionSnapshot | Error;
}

/**
 * Reads every scope some workshop watches, all at once (each region of each account has its own
 * ELBv2 limits), keeping only NLBs that at least one workshop reading that scope selects, so
 * unselected NLBs cost no target-health reads. A participant account is read with the
 * credentials of its role, assumed first: a role that cannot be assumed fails that account's
 * scopes only. A scope that fails, or is not read by the sweep's read deadline, is returned as
 * its error, in its place: the scopes that answered are still recorded. How each participant
 * account's reads went is kept in the sweep's `accountReads`.
 *
 * @returns one reading per watched scope, in `scopesToWatch` order.
 */
export async function discover(context: SweepContext): Promise<RegionReading[]> {
  const { defaultRegions } = context;
  const workshops = context.workshops.map((tracked) => tracked.workshop);
  const watched = workshops.map((w) => ({
    w,
    keys: new Set(workshopScopes(w, defaultRegions).map(scopeKey)),
  }));
  return Promise.all(
    scopesToWatch(workshops, defaultRegions).map(async (scope): Promise<RegionReading> => {
      const key = scopeKey(scope);
      const readers = watched.filter(({ keys }) => keys.has(key)).map(({ w }) => w);
      const snapshot = await readScope(context, scope, (nlb) =>
        readers.some((w) =>
          selectsNlb(w, { region: scope.region, name: nlb.name, tags: nlb.tags }, defaultRegions),
        ),
      );
      return { ...scope, snapshot };
    }),
  );
}

async function readScope(
  context: SweepContext,
  scope: Scope,
  select: (nlb: { name: string; tags: Record<string, string> }) => boolean,
): Promise<RegionSnapshot | Error> {
  const { signal } = context.deadlines.read;
  const { access, region } = scope;
  const record = (outcome: AccountReadOutcome) => {
    if (access && !signal.aborted) context.accountReads.set(scopeKey(scope), outcome);
  };
  try {
    if (!access) return await context.source.discover(region, select, signal);
    const sources = context.accountSources;
    if (!sources) throw new Error("this collector is not set up to read participant accounts");
    try {
      await sources.assume(access, signal);
    } catch (error) {
      const refused = (error as Error | undefined)?.name === "AccessDenied";
      const failure = asError(error);
      const message = `AssumeRole of arn:aws:iam::${access.accountId}:role/${access.roleName}: ${failure.name}: ${failure.message}`;
      record({ kind: refused ? "roleNotAssumable" : "error", message });
      return new Error(message, { cause: error });
    }
    const snapshot = await sources.for(access).discover(region, select, signal);
    record({ kind: "ok" });
    return snapshot;
  } catch (error) {
    record({ kind: "error", message: asError(error).message });
    return asError(error);
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
