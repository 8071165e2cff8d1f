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
