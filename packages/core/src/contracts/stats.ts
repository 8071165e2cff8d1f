import * as z from "zod/mini";
import { MODES, type Mode } from "../model/constants.ts";
import { note, time } from "./common.ts";

/** Seconds from registration to healthy: count, p50 and p90 by nearest rank, max (absent with none). */
const timeToHealthy = z.object({
  count: z.int(),
  p50: z.optional(z.number()),
  p90: z.optional(z.number()),
  max: z.optional(z.number()),
});

/** How many NLBs are in each mode, every mode listed. */
const modeCounts = z.object(
  Object.fromEntries(MODES.map((mode) => [mode, z.int()])) as Record<Mode, z.ZodMiniNumberFormat>,
);

export const statsSchema = z
  .object({
    workshopId: z.string().check(note("The workshop")),
    generatedAt: time.check(note("When these figures were computed")),
    loadBalancers: z.int().check(note("NLBs of the workshop now")),
    targets: z.int().check(note("Their targets now")),
    modes: modeCounts.check(note("How many NLBs are in each mode, every mode listed")),
    timeToHealthy: z
      .record(z.string(), timeToHealthy)
      .check(z.meta({ description: "Per target type of the current targets" })),
    stuckTargets: z
      .array(
        z.object({
          loadBalancer: z.string(),
          targetGroup: z.string(),
          id: z.string(),
          port: z.int(),
          state: z.string(),
          notHealthySeconds: z.number(),
        }),
      )
      .check(note("Targets not healthy for longer than the stuck threshold, longest first")),
  })
  .check(z.meta({ id: "Stats" }));
