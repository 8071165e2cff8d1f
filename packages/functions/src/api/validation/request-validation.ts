import type * as contracts from "@targetwatch/core/contracts";
import type * as z from "zod/mini";
import { ApiError } from "../errors.ts";
import { UNDECIDED, VALIDATORS } from "./request-validators.generated.ts";

/** The contracts a request is validated against: those the routes name for a path, query or body. */
export type RequestContract = keyof typeof VALIDATORS;
export type ContractOutput<N extends RequestContract> = z.output<(typeof contracts)[N]>;

/**
 * Set by the test suite (vitest.config.ts): every request is then validated by both the compiled
 * function and zod, and a compiled answer that is not zod's is a 500, so that every API test
 * also shows the two agree on its inputs. Never set in a deployed function.
 */
const CROSS_CHECK = process.env.TARGETWATCH_VALIDATION_CROSS_CHECK === "1";

/**
 * Validates `input` against the named contract; a 400 with one message per field otherwise.
 * The contract's function compiled at build time (./compile-validators.ts) answers ordinary
 * requests; what it leaves undecided, and every refusal with its messages, comes from the zod
 * schema itself, loaded on demand (a chunk of its own in the deployed bundle).
 */
export async function parse<N extends RequestContract>(
  name: N,
  input: unknown,
  where: string,
): Promise<ContractOutput<N>> {
  const fast = VALIDATORS[name](input);
  if (fast !== UNDECIDED && !CROSS_CHECK) return fast as ContractOutput<N>;
  // Loaded on demand: in the deployed bundle zod and the schemas are a chunk of their own.
  const schema: z.ZodMiniType = (await import("@targetwatch/core/contracts"))[name];
  const result = schema.safeParse(input);
  if (fast !== UNDECIDED) await crossCheck(name, input, fast, result);
  if (result.success) return result.data as ContractOutput<N>;
  throw validationError(result.error.issues, where);
}

/** Throws unless zod's answer is the compiled one (tests only: not even node:util is loaded otherwise). */
async function crossCheck(
  name: string,
  input: unknown,
  fast: unknown,
  zod: z.core.util.SafeParseResult<unknown>,
) {
  const { isDeepStrictEqual } = await import("node:util");
  if (!(zod.success && isDeepStrictEqual(fast, zod.data))) {
    throw new Error(`the compiled ${name} accepted what zod does not: ${JSON.stringify(input)}`);
  }
}

function validationError(all: z.core.$ZodIssue[], where: string): ApiError {
  // Of a field with the wrong type, only that is said: zod also runs the checks meant for the
  // right type (`expected string to have <=10 characters` for a string where an array belongs).
  const mistyped = new Set(
    all.filter((i) => i.code === "invalid_type").map((i) => i.path.map(String).join("\u0000")),
  );
  const issues = all.filter(
    (i) => i.code === "invalid_type" || !mistyped.has(i.path.map(String).join("\u0000")),
  );
  const details = issues.map((issue) => ({
    field: [where, ...issue.path.map(String)].filter(Boolean).join("."),
    message:
      issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
  }));
  return new ApiError(
    400,
    "ValidationError",
    `invalid ${where}: ${details.map((d) => `${d.field}: ${d.message}`).join("; ")}`,
    { details },
  );
}
