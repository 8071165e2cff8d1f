/** A control API answer: the status and the parsed JSON body. */
export interface ControlAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Calls the control API of the simulator at `endpoint()` (read per call: the simulator starts in
 * `beforeAll`); a string body is sent as is, anything else as JSON.
 */
export function controlCaller(
  endpoint: () => string,
): (method: string, path: string, body?: unknown) => Promise<ControlAnswer> {
  return async (method, path, body) => {
    const res = await fetch(`${endpoint()}/_sim/${path}`, {
      method,
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}
