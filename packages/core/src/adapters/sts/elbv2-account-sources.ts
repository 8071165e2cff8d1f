import type { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import PQueue from "p-queue";
import type { AccountAccess } from "../../model/scope.ts";
import type { AccountSources, SourceStats, TargetHealthSource } from "../../ports/index.ts";
import { untilAborted } from "../elbv2/elbv2-caller.ts";
import { createElbv2Client } from "../elbv2/elbv2-client.ts";
import { Elbv2TargetHealthSource } from "../elbv2/elbv2-target-health-source.ts";
import type { AssumedRoleCredentials, CredentialsProvider } from "./assumed-role-credentials.ts";

/** ELBv2 calls in flight across every participant account at once, by default. */
export const DEFAULT_MAX_CALLS_IN_FLIGHT = 64;

export interface Elbv2AccountSourcesOptions {
  credentials: AssumedRoleCredentials;
  /** An ELBv2 client of a region signing with `credentials`; by default {@link createElbv2Client}'s. */
  clientFor?: (region: string, credentials: CredentialsProvider) => ElasticLoadBalancingV2Client;
  /** Per account and region (each account has its own ELBv2 bucket): requests started per second. */
  maxRequestsPerSecond?: number;
  /** Per account and region: requests started at once after a pause. */
  burst?: number;
  /** Per account and region: requests in flight. */
  maxConcurrency?: number;
  /** Across every account: requests in flight; default {@link DEFAULT_MAX_CALLS_IN_FLIGHT}. */
  maxCallsInFlight?: number;
  now?: () => number;
}

/**
 * Participant accounts read through ELBv2 with the credentials of the role assumed in each: a
 * source per access, with its own rate limit per region (AWS throttles each account on its own,
 * so a class of 200 accounts is read about as fast as one), all of them under one cap of calls
 * in flight so the collector's sockets and memory stay bounded. One account's throttling or
 * failures never slow another's: they share nothing but that cap.
 */
export class Elbv2AccountSources implements AccountSources {
  readonly #options: Elbv2AccountSourcesOptions;
  readonly #shared: PQueue;
  readonly #sources = new Map<string, Elbv2TargetHealthSource>();

  constructor(options: Elbv2AccountSourcesOptions) {
    this.#options = options;
    const cap = options.maxCallsInFlight ?? DEFAULT_MAX_CALLS_IN_FLIGHT;
    if (!(cap >= 1) || !Number.isInteger(cap))
      throw new RangeError(`maxCallsInFlight must be a positive integer, got ${cap}`);
    this.#shared = new PQueue({ concurrency: cap });
  }

  async assume(access: AccountAccess, signal?: AbortSignal): Promise<void> {
    if (!access.externalId)
      throw new Error("the workshop has no external id yet: PUT the workshop again to generate one");
    await untilAborted(this.#options.credentials.for(access)(), signal);
  }

  for(access: AccountAccess): TargetHealthSource {
    const key = `${access.accountId} ${access.roleName} ${access.externalId}`;
    let source = this.#sources.get(key);
    if (!source) {
      source = this.#create(access);
      this.#sources.set(key, source);
    }
    return source;
  }

  stats(): SourceStats & { assumeRoleCalls: number } {
    const total = { apiCalls: 0, throttled: 0, failed: 0 };
    for (const source of this.#sources.values()) {
      const stats = source.stats();
      total.apiCalls += stats.apiCalls;
      total.throttled += stats.throttled;
      total.failed += stats.failed;
    }
    return { ...total, assumeRoleCalls: this.#options.credentials.assumeRoleCalls() };
  }

  #create(access: AccountAccess): Elbv2TargetHealthSource {
    const { clientFor, credentials, maxRequestsPerSecond, burst, maxConcurrency, now } = this.#options;
    const provider = credentials.for(access);
    const clients = new Map<string, ElasticLoadBalancingV2Client>();
    return new Elbv2TargetHealthSource({
      clientFor: (region) => {
        let client = clients.get(region);
        if (!client) {
          client = clientFor
            ? clientFor(region, provider)
            : createElbv2Client(region, { credentials: provider });
          clients.set(region, client);
        }
        return client;
      },
      sharedQueue: this.#shared,
      ...(maxRequestsPerSecond !== undefined ? { maxRequestsPerSecond } : {}),
      ...(burst !== undefined ? { burst } : {}),
      ...(maxConcurrency !== undefined ? { maxConcurrency } : {}),
      ...(now ? { now } : {}),
    });
  }
}
