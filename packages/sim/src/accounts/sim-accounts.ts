import type { AccountServices } from "../aws-dispatch.ts";
import type { Clock } from "../clock.ts";
import { CloudWatchSim } from "../cloudwatch/cloudwatch-sim.ts";
import { RequestAuthenticator } from "../sts/authenticate.ts";
import { CredentialStore } from "../sts/credential-store.ts";
import { OwnCredentials } from "../sts/own-credentials.ts";
import type { ElbReadModel } from "../world/elb-view.ts";
import type { World } from "../world/world.ts";
import type { AccountDirectory } from "./account-directory.ts";

export interface SimAccountsOptions {
  directory: AccountDirectory;
  world: World;
  /** Simulated time, for each account's CloudWatch. */
  clock: Clock;
  /** The monitor account's CloudWatch (where targetwatch's metrics and alarms live). */
  monitorCloudWatch: CloudWatchSim;
  /** Real time, epoch ms: signing dates and credential expiry are compared with it. */
  wallClock: () => number;
}

/**
 * The accounts of a running simulator: who they are (the {@link AccountDirectory}), the
 * credentials issued in them, and each account's ELBv2 (its part of the world) and CloudWatch
 * (created when the account first calls it). What the server needs to answer every request from
 * the account that signed it.
 */
export class SimAccounts implements AccountServices {
  readonly directory: AccountDirectory;
  readonly store = new CredentialStore();
  readonly authenticator: RequestAuthenticator;
  /** Each account's own credentials (its IDE's, or the collector's in the monitor account). */
  readonly own: OwnCredentials;
  readonly sts: AccountServices["sts"];
  readonly #options: SimAccountsOptions;
  readonly #cloudwatch = new Map<string, CloudWatchSim>();

  constructor(options: SimAccountsOptions) {
    this.#options = options;
    this.directory = options.directory;
    const { directory, wallClock } = options;
    this.authenticator = new RequestAuthenticator({ store: this.store, directory, wallClock });
    this.own = new OwnCredentials(directory, this.store, wallClock);
    this.sts = { directory, store: this.store, wallClock };
    this.#cloudwatch.set(directory.monitorId, options.monitorCloudWatch);
  }

  elb(accountId: string): ElbReadModel | undefined {
    return this.directory.get(accountId) ? this.#options.world.elbAccount(accountId) : undefined;
  }

  cloudwatch(accountId: string): CloudWatchSim | undefined {
    if (!this.directory.get(accountId)) return undefined;
    let cloudwatch = this.#cloudwatch.get(accountId);
    if (!cloudwatch) {
      cloudwatch = new CloudWatchSim({ clock: this.#options.clock, accountId });
      this.#cloudwatch.set(accountId, cloudwatch);
    }
    return cloudwatch;
  }

  /** Evaluates every account's alarms up to `now` (simulated). */
  evaluateAlarms(now: number): void {
    for (const cloudwatch of this.#cloudwatch.values()) cloudwatch.evaluateAlarms(now);
  }
}
