import type { APIGatewayProxyResultV2 } from "aws-lambda";

/** The HTTP response API Gateway derives from a function's result. */
export interface HttpApiResponse {
  statusCode: number;
  /** Lower-cased header names; `set-cookie` is never here but in {@link cookies}. */
  headers: Record<string, string>;
  /** One `Set-Cookie` header each. */
  cookies: string[];
  body: Buffer;
}

/** Thrown for a function result API Gateway cannot turn into a response (it answers 500). */
export class InvalidHandlerResultError extends Error {
  override readonly name = "InvalidHandlerResultError";
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: header values must not carry control characters
const INVALID_HEADER_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/**
 * What the Lambda service hands API Gateway: the result serialized to JSON and parsed again
 * (`undefined` becomes `null`, `Date`s become strings, `toJSON` runs, `undefined` members vanish).
 */
function asLambdaPayload(result: unknown): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(result);
  } catch (error) {
    throw new InvalidHandlerResultError(
      `the result cannot be serialized to JSON: ${(error as Error).message}`,
    );
  }
  return JSON.parse(json ?? "null");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fail(message: string): never {
  throw new InvalidHandlerResultError(message);
}

/**
 * Turns a function's result into the HTTP response, following API Gateway's rules for payload
 * format 2.0:
 * - an object with a `statusCode` is a structured response: `statusCode`, `headers`, `cookies`
 *   (one `Set-Cookie` each), `body`, `isBase64Encoded` (the body is then decoded);
 * - anything else is "inferred": status 200, `content-type: application/json`, and as body the
 *   result itself when it is a string, or its JSON otherwise.
 *
 * Format 2.0 has no `multiValueHeaders`; a result carrying them has them ignored.
 * @throws InvalidHandlerResultError when the structured response is malformed (API Gateway's 500).
 */
export function fromHttpApiResult(result: APIGatewayProxyResultV2 | unknown): HttpApiResponse {
  const payload = asLambdaPayload(result);
  if (!isRecord(payload) || !("statusCode" in payload)) {
    return {
      statusCode: 200,
      headers: { "content-type": "application/json" },
      cookies: [],
      body: Buffer.from(typeof payload === "string" ? payload : JSON.stringify(payload), "utf8"),
    };
  }

  const { statusCode, headers = {}, cookies = [], body, isBase64Encoded = false } = payload;
  if (
    typeof statusCode !== "number" ||
    !Number.isInteger(statusCode) ||
    statusCode < 200 ||
    statusCode > 599
  ) {
    fail(`statusCode must be an integer from 200 to 599, got ${JSON.stringify(statusCode)}`);
  }
  if (!isRecord(headers)) fail("headers must be an object of header names to values");
  if (!Array.isArray(cookies) || cookies.some((c) => typeof c !== "string")) {
    fail("cookies must be an array of strings");
  }
  if (body !== undefined && body !== null && typeof body !== "string") {
    fail(`body must be a string, got ${Array.isArray(body) ? "array" : typeof body}`);
  }
  if (typeof isBase64Encoded !== "boolean") fail("isBase64Encoded must be a boolean");

  const responseHeaders: Record<string, string> = {};
  const responseCookies: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) fail(`invalid header name ${JSON.stringify(name)}`);
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      fail(`header ${name} must be a string, number or boolean`);
    }
    const text = String(value);
    if (INVALID_HEADER_VALUE.test(text)) fail(`header ${name} holds a control character`);
    const key = name.toLowerCase();
    if (key === "set-cookie") responseCookies.push(text);
    else responseHeaders[key] = text;
  }
  for (const cookie of cookies as string[]) {
    if (INVALID_HEADER_VALUE.test(cookie)) fail("a cookie holds a control character");
    responseCookies.push(cookie);
  }

  const text = typeof body === "string" ? body : "";
  let bytes: Buffer;
  if (isBase64Encoded) {
    const compact = text.replace(/\s+/g, "");
    if (!BASE64.test(compact)) fail("isBase64Encoded is true but the body is not base64");
    bytes = Buffer.from(compact, "base64");
  } else {
    bytes = Buffer.from(text, "utf8");
  }
  return {
    statusCode: statusCode as number,
    headers: responseHeaders,
    cookies: responseCookies,
    body: bytes,
  };
}
