import type { StsForward } from "../rules/join-request.ts";

/** What STS said of a signed GetCallerIdentity. */
export type CallerIdentityAnswer =
  /** The signer: its account and ARN. */
  | { kind: "identity"; accountId: string; arn: string }
  /** STS refused the request (its 4xx): AWS's error code and message. */
  | { kind: "refused"; code: string; message: string }
  /** STS could not be asked or answered something else (5xx, a timeout, an unreadable answer). */
  | { kind: "unavailable"; message: string };

/**
 * STS as the join route uses it: it executes a participant's signed GetCallerIdentity, always
 * at the one endpoint it was configured with, so that the account is proven by AWS, not claimed.
 */
export interface CallerIdentityPort {
  /** The host of that endpoint, which a join request must have been signed for. */
  readonly host: string;
  getCallerIdentity(request: StsForward): Promise<CallerIdentityAnswer>;
}
