/**
 * How the collector reaches one participant account: the role it assumes there and the external
 * id that role requires. Credentials are cached per access, so workshops that share an account
 * with the same role and external id share its credentials; a workshop that names an account
 * with another external id gets nothing a role trusting someone else's id would give.
 */
export interface AccountAccess {
  accountId: string;
  roleName: string;
  externalId: string;
}

/**
 * What one set of discovery reads covers: a region, in a participant account through its role,
 * or without `access` in the deployment's own account with the collector's own credentials.
 */
export interface Scope {
  region: string;
  access?: AccountAccess;
}

/** What reading a participant account came to in a sweep (see `AccountStatus`). */
export const ACCOUNT_STATUSES = Object.freeze(["pending", "ok", "roleNotAssumable", "error"] as const);
export type AccountStatusName = (typeof ACCOUNT_STATUSES)[number];

/**
 * A status's message is cut here: a heartbeat holds up to 1,000 accounts' statuses in one
 * DynamoDB item (400 KB at most). Which cause of a refused AssumeRole is likely is not stored
 * either: `roleHint` tells it from the status when it is read.
 */
export const MAX_ACCOUNT_MESSAGE_LENGTH = 200;

/** A participant account as the latest sweep left it, in the workshop's heartbeat. Times are epoch ms. */
export interface AccountStatus {
  /**
   * `pending`: configured, not swept yet; `ok`: read in every region; `roleNotAssumable`: STS
   * refused AssumeRole (AccessDenied); `error`: anything else failed (see `message`).
   */
  status: AccountStatusName;
  /** What failed, as AWS said it (at most {@link MAX_ACCOUNT_MESSAGE_LENGTH} characters). */
  message?: string;
  /** The latest sweep that read the account in every region. */
  lastSweptAt?: number;
  /** The account's NLBs in the workshop (their last known states while it fails). */
  loadBalancers: number;
}
