import * as z from "zod/mini";
import { note } from "./common.ts";

/** What every failure answers: a code, a message and, for invalid input, one detail per field. */
export const errorSchema = z
  .object({
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        details: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
      })
      .check(
        note("code: what went wrong, for programs; message: for people; details: one per invalid field"),
      ),
  })
  .check(z.meta({ id: "Error" }));
