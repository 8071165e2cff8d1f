import { z } from "zod";
import { MODES, REGION_PATTERN, TARGET_STATES } from "../model/constants.ts";

/** Building blocks the API's requests and responses share. */

export const modeSchema = z.enum(MODES);
export const targetStateSchema = z.enum(TARGET_STATES);
export const regionSchema = z.string().regex(REGION_PATTERN, "must be an AWS region such as us-west-2");

/** A page size parameter: an integer from 1 to `max`, `fallback` when absent. */
export const pageLimit = (max: number, fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .meta({ description: `Page size, 1–${max}` });
export const nextTokenParameter = z
  .string()
  .min(1)
  .max(4096)
  .optional()
  .meta({ description: "Opaque token from the previous page" });
/** A time a client sends: ISO 8601 with an offset. */
export const isoTimeParameter = z.iso.datetime({ offset: true });

/** A time the API answers: ISO 8601 UTC. */
export const time = z.string().meta({ format: "date-time" });
export const targetsByState = z
  .record(z.string(), z.number().int())
  .meta({ description: "Targets per ELBv2 state" });

/** Where a true time to healthy lies, in seconds. */
export const timeToHealthyBoundsSchema = z
  .object({ min: z.number(), max: z.number().nullable() })
  .nullable()
  .meta({
    description:
      "Where the true time to healthy lies, in seconds, whatever the sampling: min = start of the healthy window − end of the registration window (at least 0), max = end of the healthy window − start of the registration window (null when the target was first seen by the very first read of its NLB). Null without timeToHealthySeconds",
  });
