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
}
