import type { z } from "zod";
import type { SimResponse } from "../protocol.ts";

/** The request body checked against `schema`, or the 400 answer saying what is wrong with it. */
export function parseBody<T>(text: string, schema: z.ZodType<T>): { value: T } | { error: SimResponse } {
  let raw: unknown;
  try {
    raw = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return { error: error(400, "InvalidJson", "the request body is not valid JSON") };
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const details = result.error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`);
    return { error: error(400, "ValidationError", details.join("; ")) };
  }
  return { value: result.data };
}

export function json(status: number, body: unknown): SimResponse {
  return { status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/** The control API's error shape: `{"error": {"code", "message"}}`. */
export function error(status: number, code: string, message: string): SimResponse {
  return json(status, { error: { code, message } });
}
