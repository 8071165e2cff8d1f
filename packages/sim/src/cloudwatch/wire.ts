import type { RequestContext, SimResponse } from "../protocol.ts";

export const JSON_CONTENT_TYPE = "application/x-amz-json-1.0";

/** A successful awsJson1_0 answer; operations without output still send `{}` so any JSON parser copes. */
export function jsonResponse(output: object, ctx: RequestContext): SimResponse {
  return {
    status: 200,
    headers: { "content-type": JSON_CONTENT_TYPE, "x-amzn-requestid": ctx.requestId },
    body: JSON.stringify(output),
  };
}

/** awsJson1_0 timestamps are epoch seconds (fractions allowed); the simulator keeps epoch ms. */
export function toEpochSeconds(ms: number): number {
  return ms / 1000;
}

/**
 * Pagination tokens are opaque to clients, so they carry what the simulator needs to resume (the
 * last key returned) tagged with the operation, which lets a token from another call be refused
 * with `InvalidNextToken` as AWS does.
 */
export function encodeToken(operation: string, position: string | number): string {
  return Buffer.from(JSON.stringify({ o: operation, p: position }), "utf8").toString("base64url");
}

/** The position inside `token`, or undefined when it is not a token this operation issued. */
export function decodeToken(operation: string, token: string): string | number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { o, p } = parsed as { o?: unknown; p?: unknown };
    if (o !== operation) return undefined;
    return typeof p === "string" || typeof p === "number" ? p : undefined;
  } catch {
    return undefined;
  }
}
