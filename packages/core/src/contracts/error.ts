import * as z from "zod/mini";

/** What every failure answers: a code, a message and, for invalid input, one detail per field. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
    }),
  })
  .check(z.meta({ id: "Error" }));
