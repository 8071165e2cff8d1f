/** What a protocol handler returns; the HTTP server writes it as is. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Per-request facts the server derives before dispatching to a protocol handler. */
export interface RequestContext {
  /** Region from the SigV4 credential scope, or the simulator's default for unsigned requests. */
  region: string;
  /** Also sent as `x-amzn-RequestId`. */
  requestId: string;
  /** Simulated epoch ms at which the request is served. */
  now: number;
  /** The AWS account the request is for (whose resources and throttling bucket it uses); the server always sets it. */
  accountId?: string;
}

/** Sender errors are the caller's fault (HTTP 4xx); Receiver errors are AWS's (5xx). */
export type ErrorType = "Sender" | "Receiver";

/** An AWS API error as both protocols render it: a code, the HTTP status and whose fault it is. */
export abstract class AwsApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: ErrorType;

  constructor(
    code: string,
    message: string,
    status: number,
    type: ErrorType = status >= 500 ? "Receiver" : "Sender",
  ) {
    super(message);
    this.code = code;
    this.status = status;
    this.type = type;
  }
}
