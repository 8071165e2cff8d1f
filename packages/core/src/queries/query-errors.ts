/** CloudWatch refused a change to a workshop's alarm; nothing was changed. */
export class AlarmUpdateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AlarmUpdateError";
  }
}

/** The workshop or load balancer asked for does not exist. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

/** A `nextToken` that this API did not issue for this very query (malformed, tampered, or from another query). */
export class InvalidTokenError extends Error {
  constructor(message = "nextToken is not valid for this query; start again without it") {
    super(message);
    this.name = "InvalidTokenError";
  }
}

/** One of the accounts an ambiguous NLB name is in, with the participant's label and the NLB's region. */
export interface NameChoice {
  accountId: string;
  label: string | null;
  region: string;
}

/** NLBs of the name asked for are in several accounts: the client must say which with `?account=`. */
export class AmbiguousNameError extends Error {
  readonly choices: NameChoice[];

  constructor(message: string, choices: NameChoice[]) {
    super(message);
    this.name = "AmbiguousNameError";
    this.choices = choices;
  }
}
