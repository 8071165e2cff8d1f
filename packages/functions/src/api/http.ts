import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type * as z from "zod/mini";
import { ApiError } from "./errors.ts";

export const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
};

export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return { statusCode: status, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/** Validates `input` against `schema`; a 400 with one message per field otherwise. */
export function parse<S extends z.ZodMiniType>(schema: S, input: unknown, where: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  // Of a field with the wrong type, only that is said: zod also runs the checks meant for the
  // right type (`expected string to have <=10 characters` for a string where an array belongs).
  const mistyped = new Set(
    result.error.issues
      .filter((i) => i.code === "invalid_type")
      .map((i) => i.path.map(String).join("\u0000")),
  );
  const issues = result.error.issues.filter(
    (i) => i.code === "invalid_type" || !mistyped.has(i.path.map(String).join("\u0000")),
  );
  const details = issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].filter(Boolean).join("."),
    message:
      issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
  }));
  throw new ApiError(
    400,
    "ValidationError",
    `invalid ${where}: ${details.map((d) => `${d.field}: ${d.message}`).join("; ")}`,
    {
      details,
    },
  );
}

export function pathParameter(event: APIGatewayProxyEventV2, name: string): string {
  const value = event.pathParameters?.[name];
  if (value === undefined) throw new ApiError(400, "ValidationError", `missing path parameter ${name}`);
  return value;
}

/** API Gateway joins repeated query keys with commas; a repeated filter is ambiguous, so it is refused by the schemas' types. */
export function query(event: APIGatewayProxyEventV2): Record<string, string> {
  return { ...(event.queryStringParameters ?? {}) } as Record<string, string>;
}

/**
 * Whether an `If-None-Match` header names `etag` (RFC 9110's weak comparison: `W/` ignored;
 * `*` matches any current representation).
 */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}
