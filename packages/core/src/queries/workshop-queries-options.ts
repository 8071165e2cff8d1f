import type { NlbState } from "../model/state.ts";
import { hasParticipantAccounts, type Workshop } from "../model/workshop.ts";
import type { AlarmPort, ApiStore } from "../ports/index.ts";
import type { LabelOf } from "../rules/account-participants.ts";
import { pickNamed } from "./name-choices.ts";

/**
 * Transition keys hold ISO 8601 times, which sort as text only for years 0000–9999; an offset
 * can carry a valid query time outside them (`9999-12-31T23:59:59-23:59` is in year 10000).
 */
const FIRST_ISO_MS = Date.parse("0000-01-01T00:00:00.000Z");
const LAST_ISO_MS = Date.parse("9999-12-31T23:59:59.999Z");

export function clampToIsoYears(epochMs: number): number {
  return Math.min(Math.max(epochMs, FIRST_ISO_MS), LAST_ISO_MS);
}

export interface WorkshopQueriesOptions {
  store: ApiStore;
  now?: () => number;
  /** Regions the collector watches, for workshops that name none. */
  defaultRegions: string[];
  /** Stuck-target alarms kept with the workshops; without it the API reports `alarm: null`. */
  alarms?: AlarmPort;
  /** Signs page tokens so a client cannot hand back a forged or altered one. */
  tokenSecret: string;
  /**
   * How long a workshop's config and heartbeat are reused between requests of one warm
   * function. Sweeps land once a minute, so a few seconds cost nothing in freshness and save a
   * read on every page.
   */
  workshopCacheMs?: number;
  /** What the deployment says of participant roles; without it any role name goes and `participantRole` is null. */
  participantRoles?: ParticipantRoleSettings;
}

/** The deployment's participant-role settings (the API reads them from its environment). */
export interface ParticipantRoleSettings {
  /** The role names the collector may assume (its IAM names exactly these): a workshop's roleName must be one. */
  allowedRoleNames?: readonly string[];
  /** The collector role's ARN, which every participant role trusts; unknown: `participantRole` is null. */
  collectorRoleArn?: string;
}

/**
 * The NLB named `name` among the workshop's regions, read with `read`: for a workshop with
 * participant accounts every region at once, since the name may be that of NLBs in several
 * accounts and regions ({@link pickNamed}: `account` picks one, else a 409 when they are in
 * several); otherwise region after region until found.
 */
export async function findNamed(
  workshop: Workshop,
  regions: readonly string[],
  read: (region: string) => Promise<{ state: NlbState }[]>,
  choice: { name: string; account: string | undefined; labelOf: LabelOf },
): Promise<NlbState | undefined> {
  const { name, account, labelOf } = choice;
  const pick = (hits: { state: NlbState }[]) =>
    pickNamed(
      hits.map((h) => h.state),
      name,
      { account, labelOf },
    );
  if (hasParticipantAccounts(workshop)) return pick((await Promise.all(regions.map(read))).flat());
  for (const region of regions) {
    const hit = pick(await read(region));
    if (hit) return hit;
  }
  return undefined;
}
