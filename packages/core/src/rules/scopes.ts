import type { AccountAccess, Scope } from "../model/scope.ts";
import { hasParticipantAccounts, participantRoleName, type Workshop } from "../model/workshop.ts";
import { workshopRegions } from "./selector.ts";
import { accountOfArn } from "./timeline.ts";

/**
 * The scopes a workshop reads: each participant account in each of its regions, or, without
 * accounts, each region of the deployment's own account (as before accounts existed).
 */
export function workshopScopes(workshop: Workshop, defaultRegions: readonly string[]): Scope[] {
  const regions = workshopRegions(workshop, defaultRegions);
  if (!hasParticipantAccounts(workshop)) return regions.map((region) => ({ region }));
  return (workshop.accounts ?? []).flatMap((account) => {
    const access = accessOf(workshop, account.accountId);
    return regions.map((region) => ({ region, access }));
  });
}

/** How a workshop reaches one of its accounts (no external id yet: empty, which no role accepts). */
export function accessOf(workshop: Workshop, accountId: string): AccountAccess {
  return { accountId, roleName: participantRoleName(workshop), externalId: workshop.externalId ?? "" };
}

/**
 * Identifies a scope across workshops: the same region of the same account through the same
 * role and external id is read once per sweep, for every workshop that watches it.
 */
export function scopeKey(scope: Scope): string {
  const { access } = scope;
  return access
    ? `${access.accountId}/${scope.region} ${access.roleName} ${access.externalId}`
    : scope.region;
}

/**
 * Where a workshop's heartbeat records when a scope was last read in full: the region, or
 * `<account>/<region>` for a participant account (several accounts share each region).
 */
export function observationKey(scope: Scope): string {
  return scope.access ? `${scope.access.accountId}/${scope.region}` : scope.region;
}

/** The observation key of a workshop's NLB: its region, in its account when the workshop reads accounts. */
export function observationKeyOf(
  workshop: Pick<Workshop, "accounts">,
  nlb: { arn: string; region: string },
): string {
  return hasParticipantAccounts(workshop) ? `${accountOfArn(nlb.arn)}/${nlb.region}` : nlb.region;
}

/** Whether a known NLB lies in a scope: its region, and its account when the scope names one. */
export function inScope(scope: Scope, nlb: { arn: string; region: string }): boolean {
  if (nlb.region !== scope.region) return false;
  return scope.access === undefined || accountOfArn(nlb.arn) === scope.access.accountId;
}

/** Every scope some workshop reads, each once, sorted by key (a stable order whatever the store's). */
export function scopesToWatch(workshops: readonly Workshop[], defaultRegions: readonly string[]): Scope[] {
  const byKey = new Map<string, Scope>();
  for (const workshop of workshops)
    for (const scope of workshopScopes(workshop, defaultRegions)) byKey.set(scopeKey(scope), scope);
  return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, scope]) => scope);
}

/** The scope a workshop reads one of its known NLBs in. */
export function scopeOf(workshop: Workshop, nlb: { arn: string; region: string }): Scope {
  return hasParticipantAccounts(workshop)
    ? { region: nlb.region, access: accessOf(workshop, accountOfArn(nlb.arn)) }
    : { region: nlb.region };
}
