import { createHash } from "node:crypto";
import type { AccountDirectory } from "../accounts/account-directory.ts";
import type { CredentialStore, IssuedCredentials } from "./credential-store.ts";

/** Instance-profile credentials last about six hours; a new set is handed out well before they end. */
const LIFETIME_MS = 6 * 3600_000;
const RENEW_WITHIN_MS = 15 * 60_000;

/**
 * Each account's own credentials: what a participant's IDE has from its instance role (or, in the
 * monitor account, what the collector's Lambda has from its execution role). Temporary, with a
 * session token, renewed when they are close to expiry — as the EC2 metadata service does.
 */
export class OwnCredentials {
  readonly #directory: AccountDirectory;
  readonly #store: CredentialStore;
  readonly #wallClock: () => number;
  readonly #current = new Map<string, IssuedCredentials>();

  constructor(directory: AccountDirectory, store: CredentialStore, wallClock: () => number) {
    this.#directory = directory;
    this.#store = store;
    this.#wallClock = wallClock;
  }

  /** The account's current credentials; throws a RangeError for an account the world does not have. */
  for(accountId: string): IssuedCredentials {
    const now = this.#wallClock();
    const current = this.#current.get(accountId);
    if (current && current.expiration - now > RENEW_WITHIN_MS) return current;
    const principal = this.#directory.ownPrincipal(accountId, instanceIdOf(accountId));
    const issued = this.#store.issue(principal, now + LIFETIME_MS, now);
    this.#current.set(accountId, issued);
    return issued;
  }
}

/** EC2 names an instance role's session after the instance: here one stable instance per account. */
function instanceIdOf(accountId: string): string {
  return `i-${createHash("sha256").update(accountId).digest("hex").slice(0, 17)}`;
}
