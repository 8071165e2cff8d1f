import * as z from "zod/mini";
import { ACCOUNT_ID_PATTERN, MODES, REGION_PATTERN, TARGET_STATES } from "../model/constants.ts";
import { parseDecimalDigits } from "./checks.ts";
import "./zod-locale.ts";

/** Building blocks the API's requests and responses share. */

/** A field's note in the OpenAPI document and docs/api.md. */
export const note = (description: string) => z.meta({ description });

export const modeSchema = z.enum(MODES);
export const targetStateSchema = z.enum(TARGET_STATES);
export const regionSchema = z
  .string()
  .check(z.regex(REGION_PATTERN, "must be an AWS region such as us-west-2"));

/** A query parameter's whole number in decimal digits (./checks.ts says which), the default when absent. */
const decimalDigits = z.transform(parseDecimalDigits);

/**
 * A page size parameter: an integer from 1 to `max`, `fallback` when absent. The OpenAPI
 * document shows the integer (zod documents a pipe that starts with a transform by its output).
 */
export const pageLimit = (max: number, fallback: number) =>
  z.pipe(
    decimalDigits,
    z
      ._default(z.int().check(z.minimum(1), z.maximum(max)), fallback)
      .check(z.meta({ description: "Page size" })),
  );
export const nextTokenParameter = z
  .optional(z.string().check(z.minLength(1), z.maxLength(4096)))
  .check(z.meta({ description: "Opaque token from the previous page" }));
/** `?account=`: only what is in this participant account (12 digits). */
export const accountFilterParameter = (what: string) =>
  z
    .optional(z.string().check(z.regex(ACCOUNT_ID_PATTERN, "must be an AWS account id: 12 digits")))
    .check(z.meta({ description: what, example: "210000000001" }));

/** The participant's label of an account, resolved when the API answers (labels may change mid-event). */
export const participantLabel = z
  .nullable(z.string())
  .check(
    note(
      "The participant's label of the account, as the workshop's accounts give it now; null when it has none (or the workshop lists no accounts)",
    ),
  );

/** A time a client sends: ISO 8601 with an offset. */
export const isoTimeParameter = z.iso.datetime({ offset: true });

/** A time the API answers: ISO 8601 UTC. */
export const time = z.string().check(z.meta({ format: "date-time" }));
export const targetsByState = z
  .record(z.string(), z.int())
  .check(z.meta({ description: "Targets per ELBv2 state" }));

/** Where a true time to healthy lies, in seconds. */
export const timeToHealthyBoundsSchema = z
  .nullable(z.object({ min: z.number(), max: z.nullable(z.number()) }))
  .check(
    z.meta({
      description:
        "Where the true time to healthy lies, in seconds, whatever the sampling: min = start of the healthy window − end of the registration window (at least 0), max = end of the healthy window − start of the registration window (null when the target was first seen by the very first read of its NLB). Null without timeToHealthySeconds",
    }),
  );
