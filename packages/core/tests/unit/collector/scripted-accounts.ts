// A test fake of the collector's participant-account port: a scripted source per account, and
// roles that STS lets the collector assume, or not.
import type { AccountAccess } from "../../../src/model/scope.ts";
import type {
  AccountSources,
  CollectorClock,
  SourceStats,
  TargetHealthSource,
} from "../../../src/ports/index.ts";
import { ScriptedSource } from "./scripted-source.ts";

export class ScriptedAccounts implements AccountSources {
  /** Account → the Error AssumeRole fails with there (`AccessDenied` for a refused role). */
  readonly refusals = new Map<string, Error>();
  /** Every AssumeRole asked for, in order: `<account> <role> <external id>`. */
  readonly assumed: string[] = [];
  readonly #sources = new Map<string, ScriptedSource>();
  readonly #clock: CollectorClock;

  constructor(clock: CollectorClock) {
    this.#clock = clock;
  }

  /** The scripted source of an account (whatever role and external id it is reached with). */
  account(accountId: string): ScriptedSource {
    let source = this.#sources.get(accountId);
    if (!source) {
      source = new ScriptedSource(this.#clock);
      this.#sources.set(accountId, source);
    }
    return source;
  }

  async assume(access: AccountAccess): Promise<void> {
    this.assumed.push(`${access.accountId} ${access.roleName} ${access.externalId}`);
    const refusal = this.refusals.get(access.accountId);
    if (refusal) throw refusal;
  }

  for(access: AccountAccess): TargetHealthSource {
    return this.account(access.accountId);
  }

  stats(): SourceStats & { assumeRoleCalls: number } {
    const total = { apiCalls: 0, throttled: 0, failed: 0, assumeRoleCalls: this.assumed.length };
    for (const source of this.#sources.values()) total.apiCalls += source.stats().apiCalls;
    return total;
  }
}

/** An error as STS answers a role it will not let the caller assume. */
export function accessDenied(accountId: string, roleName = "TargetWatchReader"): Error {
  return Object.assign(
    new Error(
      `User: arn:aws:sts::111111111111:assumed-role/targetwatch-collector/c is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${accountId}:role/${roleName}`,
    ),
    { name: "AccessDenied", $metadata: { httpStatusCode: 403 } },
  );
}
