import * as z from "zod/mini";
import { MODES, type Mode } from "../model/constants.ts";
import { time } from "./common.ts";

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
    workshopId: z.string(),
    generatedAt: time,
    loadBalancers: z.int(),
    targets: z.int(),
    modes: modeCounts,
    timeToHealthy: z
      .record(z.string(), timeToHealthy)
      .check(z.meta({ description: "Per target type of the current targets" })),
    stuckTargets: z.array(
      z.object({
        loadBalancer: z.string(),
        targetGroup: z.string(),
        id: z.string(),
        port: z.int(),
        state: z.string(),
        notHealthySeconds: z.number(),
      }),
    ),
  })
  .check(z.meta({ id: "Stats" }));
