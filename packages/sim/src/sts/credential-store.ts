import { randomBytes } from "node:crypto";
import type { Principal } from "../accounts/principal.ts";

/** Temporary credentials the simulator handed out, and whose session they are. */
export interface IssuedCredentials {
  /** `ASIA…`, 20 characters, as AWS's temporary access keys. */
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Wall-clock epoch ms after which requests signed with them get `ExpiredToken`. */
  expiration: number;
  principal: Principal;
}

/** Expired credentials are remembered this long (so they answer `ExpiredToken`), then forgotten. */
const FORGET_AFTER_MS = 24 * 3600_000;
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * Every set of credentials the simulator has issued (AssumeRole's, and each account's own), by
 * access key id. Keys and secrets come from node:crypto, not from the world's seeded random
 * sequence, so issuing them never changes the world's generated names.
 */
export class CredentialStore {
  readonly #byAccessKey = new Map<string, IssuedCredentials>();
  readonly #random: (bytes: number) => Buffer;

  constructor(random: (bytes: number) => Buffer = randomBytes) {
    this.#random = random;
  }

  /** New temporary credentials for a session of `principal`, valid until `expiration` (wall epoch ms). */
  issue(principal: Principal, expiration: number, now: number): IssuedCredentials {
    this.#forgetExpired(now);
    const credentials: IssuedCredentials = {
      accessKeyId: `ASIA${this.#base32(16)}`,
      secretAccessKey: this.#random(30).toString("base64"),
      sessionToken: this.#random(180).toString("base64"),
      expiration,
      principal,
    };
    this.#byAccessKey.set(credentials.accessKeyId, credentials);
    return credentials;
  }

  find(accessKeyId: string): IssuedCredentials | undefined {
    return this.#byAccessKey.get(accessKeyId);
  }

  #forgetExpired(now: number): void {
    for (const [key, credentials] of this.#byAccessKey) {
      if (credentials.expiration + FORGET_AFTER_MS < now) this.#byAccessKey.delete(key);
    }
  }

  #base32(length: number): string {
    let out = "";
    for (const byte of this.#random(length)) out += BASE32[byte % 32];
    return out;
  }
}
