import { timingSafeEqual } from "node:crypto";
import type { AccountDirectory } from "../accounts/account-directory.ts";
import type { Principal } from "../accounts/principal.ts";
import type { CredentialStore } from "./credential-store.ts";
import {
  formatAmzDate,
  type HttpRequestParts,
  parseAmzDate,
  readSignature,
  type SigV4Signature,
  signatureMatches,
} from "./sigv4.ts";

/** The service names SigV4 credential scopes use for the APIs the simulator speaks. */
export type SigningService = "sts" | "elasticloadbalancing" | "monitoring";

/** Why a request is refused before any API sees it, in AWS's words. */
export interface AuthFailure {
  code: string;
  message: string;
  status: number;
}

/** Who sent a request, or why it is refused. */
export type Authentication =
  | {
      ok: true;
      principal: Principal;
      /** Absent for an unsigned request. */
      signature?: SigV4Signature;
      /** Whether the signature was checked (only credentials the simulator issued can be). */
      verified: boolean;
    }
  | { ok: false; failure: AuthFailure };

/** AWS accepts a request signed up to 15 minutes before or after its own clock; STS's presigned URLs live 15 minutes. */
const SIGNATURE_WINDOW_MS = 15 * 60_000;

export interface RequestAuthenticatorOptions {
  store: CredentialStore;
  directory: AccountDirectory;
  /** Real time, epoch ms: what signing dates and credential expiry are compared with, as AWS compares them with its own clock. */
  wallClock: () => number;
}

/**
 * Credentials → account. Requests signed with credentials the simulator issued have their
 * signature verified and are answered as that session's principal; anything wrong with them is
 * refused as AWS refuses it. Requests signed with any other key (`test`, `local`) and unsigned
 * ones are the monitor account's, unchecked, as tests and the local stack have always sent them —
 * except that a session token the simulator did not issue is refused.
 */
export class RequestAuthenticator {
  readonly #options: RequestAuthenticatorOptions;

  constructor(options: RequestAuthenticatorOptions) {
    this.#options = options;
  }

  async authenticate(request: HttpRequestParts, service: SigningService): Promise<Authentication> {
    const { store, directory } = this.#options;
    const signature = readSignature(request);
    if (!signature) {
      return {
        ok: true,
        principal: directory.ownPrincipal(directory.monitorId, "anonymous"),
        verified: false,
      };
    }
    const issued = store.find(signature.accessKeyId);
    if (!issued) {
      if (signature.sessionToken !== undefined) return refuse(INVALID_TOKEN);
      const session = sessionNameFor(signature.accessKeyId);
      return {
        ok: true,
        principal: directory.ownPrincipal(directory.monitorId, session),
        signature,
        verified: false,
      };
    }
    if (!sameSecret(signature.sessionToken ?? "", issued.sessionToken)) return refuse(INVALID_TOKEN);
    const now = this.#options.wallClock();
    if (now >= issued.expiration) return refuse(EXPIRED_TOKEN);
    const problem = timeProblem(signature, service, now);
    if (problem) return refuse(problem);
    if (signature.service !== service) {
      return refuse(signatureDoesNotMatch(`Credential should be scoped to correct service: '${service}'. `));
    }
    if (!(await signatureMatches(request, signature, issued.secretAccessKey))) {
      return refuse(signatureDoesNotMatch(SIGNATURE_MISMATCH));
    }
    return { ok: true, principal: issued.principal, signature, verified: true };
  }
}

const INVALID_TOKEN: AuthFailure = {
  code: "InvalidClientTokenId",
  message: "The security token included in the request is invalid.",
  status: 403,
};
const EXPIRED_TOKEN: AuthFailure = {
  code: "ExpiredToken",
  message: "The security token included in the request is expired",
  status: 403,
};
const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS " +
  "Secret Access Key and signing method. Consult the service documentation for details.";

function refuse(failure: AuthFailure): Authentication {
  return { ok: false, failure };
}

function signatureDoesNotMatch(message: string): AuthFailure {
  return { code: "SignatureDoesNotMatch", message, status: 403 };
}

/**
 * Whether the request is too old or too new to be accepted, in AWS's words. A presigned STS
 * request lives 15 minutes from its `X-Amz-Date` whatever its `X-Amz-Expires` says, as on AWS;
 * for other services `X-Amz-Expires` counts.
 */
function timeProblem(
  signature: SigV4Signature,
  service: SigningService,
  now: number,
): AuthFailure | undefined {
  if (signature.amzDate === undefined) {
    return {
      code: "IncompleteSignature",
      message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      status: 403,
    };
  }
  const signedAt = parseAmzDate(signature.amzDate);
  if (signedAt === undefined) {
    return {
      code: "IncompleteSignature",
      message: `Date must be in ISO-8601 'basic format'. Got '${signature.amzDate}'.`,
      status: 403,
    };
  }
  const lifetimeMs =
    signature.location === "query" && service !== "sts"
      ? (signature.expiresSeconds ?? 0) * 1000
      : SIGNATURE_WINDOW_MS;
  if (signedAt + lifetimeMs < now) {
    return signatureDoesNotMatch(
      `Signature expired: ${signature.amzDate} is now earlier than ${formatAmzDate(now - lifetimeMs)} ` +
        `(${formatAmzDate(now)} - ${lifetimeMs / 60_000} min.)`,
    );
  }
  if (signedAt - SIGNATURE_WINDOW_MS > now) {
    return signatureDoesNotMatch(
      `Signature not yet current: ${signature.amzDate} is still later than ` +
        `${formatAmzDate(now + SIGNATURE_WINDOW_MS)} (${formatAmzDate(now)} + 15 min.)`,
    );
  }
  return undefined;
}

/** A role session name made of the access key id: what the collector's Lambda session is called here. */
function sessionNameFor(accessKeyId: string): string {
  const name = accessKeyId.replace(/[^\w+=,.@-]/g, "-").slice(0, 64);
  return name.length >= 2 ? name : `${name}--`.slice(0, 2);
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
