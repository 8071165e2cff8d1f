import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { ApiError } from "../errors.ts";

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * For methods that carry a body: at most 64 KB, `application/json`, valid JSON (refusing
 * `__proto__` keys). The parsed value replaces `event.body`. middy's JSON body parser answers
 * 422 for malformed JSON; this API promises 400 and field-level messages, hence its own.
 */
export function jsonBody(
  options: {
    /**
     * Whether the request goes to a route that takes a body. Any other request is left to the
     * router, so that a wrong method or path gets its 405 or 404 rather than a 413 or 415.
     */
    takesBody?: (method: string, path: string) => boolean;
  } = {},
): MiddlewareObj<APIGatewayProxyEventV2> {
  const takesBody = options.takesBody ?? ((method: string) => ["PUT", "POST", "PATCH"].includes(method));
  return {
    before: (request) => {
      const { event } = request;
      if (!takesBody(event.requestContext.http.method, event.requestContext.http.path)) return;
      const raw =
        event.body === undefined
          ? ""
          : event.isBase64Encoded
            ? Buffer.from(event.body, "base64")
            : Buffer.from(event.body);
      if (raw.length > MAX_BODY_BYTES) {
        throw new ApiError(
          413,
          "PayloadTooLarge",
          `the request body is ${raw.length} bytes; the limit is ${MAX_BODY_BYTES}`,
        );
      }
      const type = (event.headers?.["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
      if (type !== "application/json") {
        throw new ApiError(
          415,
          "UnsupportedMediaType",
          "send the body as JSON with 'Content-Type: application/json'",
        );
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString("utf8"), (key, value) => {
          if (key === "__proto__" || key === "constructor") throw new SyntaxError(`forbidden key ${key}`);
          return value;
        });
      } catch (error) {
        throw new ApiError(
          400,
          "InvalidJson",
          `the request body is not valid JSON: ${(error as Error).message}`,
        );
      }
      (event as { body?: unknown }).body = parsed;
    },
  };
}
