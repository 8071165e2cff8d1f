import { z } from "zod";
import { MODES, type Mode } from "../model/constants.ts";
import { time } from "./common.ts";

/** Seconds from registration to healthy: count, p50 and p90 by nearest rank, max (absent with none). */
const timeToHealthy = z.object({
  count: z.number().int(),
  p50: z.number().optional(),
  p90: z.number().optional(),
  max: z.number().optional(),
});

/** How many NLBs are in each mode, every mode listed. */
const modeCounts = z.object(
  Object.fromEntries(MODES.map((mode) => [mode, z.number().int()])) as Record<Mode, z.ZodNumber>,
);

export const statsSchema = z
  .object({
    workshopId: z.string(),
    generatedAt: time,
    loadBalancers: z.number().int(),
    targets: z.number().int(),
    modes: modeCounts,
    timeToHealthy: z
      .record(z.string(), timeToHealthy)
      .meta({ description: "Per target type of the current targets" }),
    stuckTargets: z.array(
      z.object({
        loadBalancer: z.string(),
        targetGroup: z.string(),
        id: z.string(),
        port: z.number().int(),
        state: z.string(),
        notHealthySeconds: z.number(),
      }),
    ),
  })
  .meta({ id: "Stats" });
