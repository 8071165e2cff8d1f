import { DEFAULT_WORKSHOP_ID } from "../model/constants.ts";
import type { Mode, TargetState } from "../model/snapshot.ts";
import { DEFAULT_WORKSHOP, participantRoleName, type Workshop } from "../model/workshop.ts";
import type { AlarmPort, ApiStore } from "../ports/index.ts";
import { workshopRegions } from "../rules/selector.ts";
import type { WorkshopConfigInput } from "../rules/workshop-config.ts";
import { type AccountListView, accountListView } from "./account-views.ts";
import { type BoardView, boardView } from "./board-view.ts";
import { type Page, PageTokens } from "./page-tokens.ts";
import { ProgressWindow } from "./progress-window.ts";
import { AlarmUpdateError, NotFoundError } from "./query-errors.ts";
import { startStatsReads, statsOf } from "./stats-query.ts";
import type { StatsScope } from "./stats-view.ts";
import {
  type LoadBalancerDetailView,
  type LoadBalancerView,
  loadBalancerDetailView,
  loadBalancerView,
  type StatsView,
  type TransitionView,
  transitionView,
  type WorkshopView,
  workshopView,
} from "./views.ts";
import {
  type ExternalIdRotationView,
  type WorkshopAccountView,
  workshopAccountView,
} from "./workshop-config-views.ts";
import { WorkshopConfigWrites } from "./workshop-config-writes.ts";
import { type CachedWorkshop, WorkshopLookup } from "./workshop-lookup.ts";

/**
 * Transition keys hold ISO 8601 times, which sort as text only for years 0000–9999; an offset
 * can carry a valid query time outside them (`9999-12-31T23:59:59-23:59` is in year 10000).
 */
const FIRST_ISO_MS = Date.parse("0000-01-01T00:00:00.000Z");
const LAST_ISO_MS = Date.parse("9999-12-31T23:59:59.999Z");

function clampToIsoYears(epochMs: number): number {
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
 * The read side of the facilitators' API. Every read is a GetItem, BatchGetItem or Query by key;
 * list results are paginated with signed, opaque tokens.
 */
export class WorkshopQueries {
  readonly #store: ApiStore;
  readonly #now: () => number;
  readonly #defaultRegions: string[];
  readonly #tokens: PageTokens;
  readonly #workshops: WorkshopLookup;
  readonly #alarms: AlarmPort | undefined;
  readonly #progress: ProgressWindow;
  readonly #writes: WorkshopConfigWrites;
  readonly #collectorRoleArn: string | undefined;

  constructor(options: WorkshopQueriesOptions) {
    this.#store = options.store;
    this.#progress = new ProgressWindow(options.store);
    this.#alarms = options.alarms;
    this.#now = options.now ?? Date.now;
    this.#defaultRegions = options.defaultRegions;
    this.#tokens = new PageTokens(options.tokenSecret);
    this.#workshops = new WorkshopLookup(options.store, this.#now, options.workshopCacheMs ?? 5_000);
    this.#collectorRoleArn = options.participantRoles?.collectorRoleArn;
    this.#writes = new WorkshopConfigWrites({
      store: options.store,
      alarms: options.alarms,
      allowedRoleNames: options.participantRoles?.allowedRoleNames,
      changed: () => this.#workshops.clear(),
    });
  }

  async listWorkshops(): Promise<WorkshopView[]> {
    const summaries = await this.#store.listWorkshopSummaries();
    const now = this.#now();
    const configured = summaries.filter((s) => s.workshop);
    if (configured.length === 0) {
      // As the collector does: with no workshop configured, the implicit default watches every controller NLB.
      const heartbeat = summaries.find((s) => s.workshopId === DEFAULT_WORKSHOP_ID)?.heartbeat;
      const alarms = await this.#alarmStates([DEFAULT_WORKSHOP_ID]);
      return [
        workshopView(
          DEFAULT_WORKSHOP,
          heartbeat,
          now,
          true,
          alarms(DEFAULT_WORKSHOP_ID),
          this.#collectorRoleArn,
        ),
      ];
    }
    const alarms = await this.#alarmStates(configured.map((s) => s.workshopId));
    return configured
      .map((s) =>
        workshopView(
          s.workshop as Workshop,
          s.heartbeat,
          now,
          false,
          alarms(s.workshopId),
          this.#collectorRoleArn,
        ),
      )
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async getWorkshop(id: string): Promise<WorkshopView> {
    const [found, alarms] = await this.#withWorkshop(id, () => this.#alarmStates([id]));
    const { workshop, heartbeat, implicit } = found;
    return workshopView(workshop, heartbeat, this.#now(), implicit, alarms(id), this.#collectorRoleArn);
  }

  /**
   * Creates a workshop, or replaces its settings keeping its accounts, external id and join code
   * (see {@link WorkshopConfigWrites.put}).
   */
  async putWorkshop(input: WorkshopConfigInput): Promise<{ created: boolean; workshop: WorkshopView }> {
    const { created, workshop, heartbeat } = await this.#writes.put(input);
    const alarm = this.#alarms
      ? { name: this.#alarms.alarmName(workshop.id), state: "INSUFFICIENT_DATA" as const }
      : null;
    return {
      created,
      workshop: workshopView(workshop, heartbeat, this.#now(), false, alarm, this.#collectorRoleArn),
    };
  }

  /** A new random external id for the workshop (see {@link WorkshopConfigWrites.rotateExternalId}). */
  async rotateExternalId(id: string): Promise<ExternalIdRotationView> {
    const workshop = await this.#writes.rotateExternalId(id);
    return {
      externalId: workshop.externalId as string,
      roleName: participantRoleName(workshop),
      accountsToUpdate: workshop.accounts?.length ?? 0,
    };
  }

  /** Adds or relabels one participant account (see {@link WorkshopConfigWrites.putAccount}). */
  async putAccount(
    id: string,
    account: { accountId: string; label?: string },
  ): Promise<{ created: boolean; account: WorkshopAccountView }> {
    const { created, account: stored } = await this.#writes.putAccount(id, account);
    return { created, account: workshopAccountView(stored) };
  }

  /** Removes one participant account; NotFoundError when it is not in the workshop. */
  deleteAccount(id: string, accountId: string): Promise<void> {
    return this.#writes.deleteAccount(id, accountId);
  }

  /** The alarm goes first here too, so a CloudWatch failure leaves everything as it was. */
  async deleteWorkshop(id: string): Promise<void> {
    const found = await this.#store.getWorkshop(id);
    if (!found.workshop) throw new NotFoundError(`workshop "${id}" does not exist`);
    if (this.#alarms) {
      try {
        await this.#alarms.remove(id);
      } catch (error) {
        throw new AlarmUpdateError(`could not delete the workshop's alarm: ${(error as Error).message}`);
      }
    }
    await this.#store.deleteWorkshop(id);
    this.#workshops.clear();
  }

  /** Alarm states, tolerating CloudWatch being unavailable: reads must not fail for a monitoring detail. */
  async #alarmStates(ids: string[]): Promise<(id: string) => WorkshopView["alarm"]> {
    const alarms = this.#alarms;
    if (!alarms) return () => null;
    let states: Map<string, string> | undefined;
    try {
      states = await alarms.states(ids);
    } catch {
      states = undefined;
    }
    return (id) => {
      // MISSING: no such alarm in CloudWatch (e.g. created outside the API and deleted since).
      const state = states ? (states.get(id) ?? "MISSING") : "UNKNOWN";
      return { name: alarms.alarmName(id), state: state as NonNullable<WorkshopView["alarm"]>["state"] };
    };
  }

  async listLoadBalancers(
    id: string,
    options: {
      limit: number;
      nextToken?: string;
      mode?: Mode;
      cluster?: string;
      state?: TargetState;
      /** Only NLBs with (true) or without (false) a stuck target. */
      stuck?: boolean;
    },
  ): Promise<Page<LoadBalancerView>> {
    const scope = `lb|${id}`;
    const [found, page] = await this.#withWorkshop(id, () =>
      this.#store.listNlbStatesPage(id, {
        limit: options.limit,
        ...this.#tokens.startKey(options.nextToken, scope),
      }),
    );
    const now = this.#now();
    const items = page.items
      .filter(
        (s) =>
          (options.mode === undefined || s.mode === options.mode) &&
          (options.cluster === undefined || s.cluster === options.cluster) &&
          (options.state === undefined || s.targets.some((t) => t.state === options.state)),
      )
      .map((s) =>
        loadBalancerView(s, {
          now,
          thresholdSeconds: found.workshop.stuckThresholdSeconds,
          workshop: found.workshop,
          ...(found.heartbeat ? { heartbeat: found.heartbeat } : {}),
        }),
      )
      .filter((lb) => options.stuck === undefined || lb.stuck > 0 === options.stuck);
    return this.#tokens.page(items, page.lastEvaluatedKey, scope);
  }

  /**
   * Regions are asked one after the other until the NLB is found. With the workshop not cached,
   * the first region (the one asked for, or the deployment's first) is asked together with the
   * workshop's lookup.
   */
  async getLoadBalancer(id: string, name: string, region?: string): Promise<LoadBalancerDetailView> {
    const guess = region ?? (this.#workshops.cached(id) ? undefined : this.#defaultRegions[0]);
    const early = guess === undefined ? undefined : this.#store.getNlbState(id, guess, name);
    early?.catch(() => {}); // awaited below, unless the workshop's lookup fails first
    const found = await this.#workshops.workshop(id);
    const regions = region ? [region] : workshopRegions(found.workshop, this.#defaultRegions);
    for (const r of regions) {
      const hit = await (r === guess && early ? early : this.#store.getNlbState(id, r, name));
      if (hit) {
        return loadBalancerDetailView(hit.state, {
          now: this.#now(),
          thresholdSeconds: found.workshop.stuckThresholdSeconds,
          workshop: found.workshop,
          ...(found.heartbeat ? { heartbeat: found.heartbeat } : {}),
        });
      }
    }
    throw new NotFoundError(
      `workshop "${id}" has no load balancer named "${name}"${region ? ` in ${region}` : ""}`,
    );
  }

  async listTransitions(
    id: string,
    options: { limit: number; nextToken?: string; loadBalancer?: string; since?: number; until?: number },
  ): Promise<Page<TransitionView>> {
    const since = options.since === undefined ? undefined : clampToIsoYears(options.since);
    const until = options.until === undefined ? undefined : clampToIsoYears(options.until);
    const scope = `tr|${id}|${options.loadBalancer ?? ""}|${since ?? ""}|${until ?? ""}`;
    // The workshop is only the 404 here.
    const [, page] = await this.#withWorkshop(id, () =>
      this.#store.listTransitionsPage(id, {
        limit: options.limit,
        ...(options.loadBalancer !== undefined ? { loadBalancerName: options.loadBalancer } : {}),
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
        ...this.#tokens.startKey(options.nextToken, scope),
      }),
    );
    return this.#tokens.page(page.items.map(transitionView), page.lastEvaluatedKey, scope);
  }

  /** The workshop's participant accounts and how reading each went in the latest sweeps. */
  async accounts(id: string): Promise<AccountListView> {
    const found = await this.#workshops.workshop(id);
    return accountListView(found.workshop, found.heartbeat);
  }

  /**
   * Time to healthy, modes and stuck targets, of every target seen in the workshop's retention
   * window (`scope: "window"`) or of the current ones: the NLBs and the transitions read page by
   * page, eventually consistent (a sweep's changes show within a second).
   */
  async stats(id: string, scope: StatsScope = "window"): Promise<StatsView> {
    const [found, read] = await this.#withWorkshop(id, () => startStatsReads(this.#store, id, scope)());
    return statsOf(found.workshop, read, this.#now());
  }

  /**
   * The facilitators' board: the NLB pages (eventually consistent, as {@link stats}) sent with
   * the workshop's lookup; the progress window read and replayed once per sweep ({@link ProgressWindow}).
   */
  async board(id: string): Promise<BoardView> {
    const alarms = this.#alarmStates([id]);
    const [found, states] = await this.#withWorkshop(id, () => this.#store.listNlbStates(id));
    const now = this.#now();
    const progress = await this.#progress.progress(id, found.heartbeat?.at, states, now);
    const { workshop, heartbeat } = found;
    return boardView({ workshop, heartbeat, alarm: (await alarms)(id), states, progress, now });
  }

  /**
   * The workshop's lookup and `read` sent together: with the cache cold, the lookup's request
   * overlaps the page's rather than preceding it. An unknown workshop's 404 wins over whatever
   * `read` fails with (a bad nextToken of an unknown workshop is a 404, as before).
   */
  async #withWorkshop<T>(id: string, read: () => Promise<T>): Promise<[CachedWorkshop, T]> {
    const workshop = this.#workshops.workshop(id);
    const result = (async () => read())();
    result.catch(() => {}); // awaited below, unless the lookup fails first
    return [await workshop, await result];
  }
}
