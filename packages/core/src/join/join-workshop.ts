import type { ApiStore } from "../ports/api-store.ts";
import type { CallerIdentityPort } from "../ports/caller-identity.ts";
import { NotFoundError } from "../queries/query-errors.ts";
import { checkJoinRequest, type SignedStsRequest } from "../rules/join-request.ts";
import { withJoinedAccount } from "../rules/joined-account.ts";
import { joinCodeMatches } from "./join-code.ts";

/** A join the API refuses: its status, code and message; nothing was stored. */
export class JoinRefusedError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "JoinRefusedError";
    this.status = status;
    this.code = code;
  }
}

/**
 * The workshop store as joining uses it: a fresh read, and the conditional write that never
 * loses another (a PUT, another participant's join).
 */
export type JoinStore = Pick<ApiStore, "getWorkshop" | "updateWorkshop">;

export interface JoinInput {
  joinCode: string;
  label?: string;
  request: SignedStsRequest;
}

export interface JoinResult {
  workshopId: string;
  accountId: string;
  /** The signer, as STS named it. */
  arn: string;
  label?: string;
  joinedAt: number;
  /** false: the account was in the workshop already (its label updated if one was given). */
  created: boolean;
}

const INVALID_CODE = new JoinRefusedError(
  403,
  "InvalidJoinCode",
  "the join code is not valid for this workshop (wrong, rotated or revoked): ask the facilitators for the current one",
);

/**
 * A participant adds their own AWS account to a workshop: the join code lets them try, STS
 * proves which account signed the request (the request is checked first, then sent to
 * targetwatch's own STS endpoint only), and the account is added within the same conditional
 * write that checks the code again, so a code revoked meanwhile adds nothing.
 */
export class WorkshopJoin {
  readonly #store: JoinStore;
  readonly #sts: CallerIdentityPort;
  readonly #now: () => number;

  constructor(options: { store: JoinStore; sts: CallerIdentityPort; now?: () => number }) {
    this.#store = options.store;
    this.#sts = options.sts;
    this.#now = options.now ?? Date.now;
  }

  /**
   * @throws JoinRefusedError for every refusal; `AccountLimitError` past the accounts limit and
   *   `WorkshopUpdateConflictError` after too many concurrent writes (both 409 in the API)
   */
  async join(workshopId: string, input: JoinInput): Promise<JoinResult> {
    // Unknown workshop, no code, wrong code: one answer, so the code is the only thing to guess.
    const { workshop } = await this.#store.getWorkshop(workshopId);
    if (!joinCodeMatches(workshop?.joinCode?.code, input.joinCode)) throw INVALID_CODE;
    const check = checkJoinRequest(input.request, { workshopId, stsHost: this.#sts.host, now: this.#now() });
    if (!check.ok)
      throw new JoinRefusedError(check.refusal.status, check.refusal.code, check.refusal.message);
    const answer = await this.#sts.getCallerIdentity(check.forward);
    if (answer.kind === "refused") {
      throw new JoinRefusedError(403, answer.code, `STS refused the signed request: ${answer.message}`);
    }
    if (answer.kind === "unavailable") throw new JoinRefusedError(502, "StsUnavailable", answer.message);
    const joined = {
      accountId: answer.accountId,
      ...(input.label !== undefined ? { label: input.label } : {}),
    };
    let result: JoinResult | undefined;
    try {
      await this.#store.updateWorkshop(workshopId, (current) => {
        if (!joinCodeMatches(current.joinCode?.code, input.joinCode)) throw INVALID_CODE;
        const { workshop, account, created } = withJoinedAccount(current, joined, this.#now());
        result = {
          workshopId,
          accountId: account.accountId,
          arn: answer.arn,
          ...(account.label !== undefined ? { label: account.label } : {}),
          joinedAt: account.joinedAt as number,
          created,
        };
        return workshop;
      });
    } catch (error) {
      // Deleted since it was read: as if it never existed.
      throw error instanceof NotFoundError ? INVALID_CODE : error;
    }
    return result as JoinResult;
  }
}
