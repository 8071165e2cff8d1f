import * as z from "zod/mini";
import { CLUSTER_TAG, MODES, type Mode, STACK_TAG } from "../model/constants.ts";
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
    stuckTargets: z
      .array(
        z.object({
          cluster: z
            .nullable(z.string())
            .check(z.meta({ description: `The participant: the NLB's ${CLUSTER_TAG} tag` })),
          accountId: z
            .nullable(z.string())
            .check(z.meta({ description: "The AWS account of the NLB, from its ARN" })),
          region: z.string(),
          loadBalancer: z.string(),
          service: z.nullable(z.string()).check(z.meta({ description: `${STACK_TAG} tag: namespace/name` })),
          targetGroup: z.string(),
          id: z.string(),
          port: z.int(),
          state: z.string(),
          reason: z
            .nullable(z.string())
            .check(z.meta({ description: "AWS's reason code, e.g. Target.FailedHealthChecks" })),
          description: z
            .nullable(z.string())
            .check(z.meta({ description: "AWS's description of the reason" })),
          since: time.check(z.meta({ description: "Not healthy since (first seen so)" })),
          notHealthySeconds: z.number(),
        }),
      )
      .check(z.meta({ description: "Who is stuck: longest first" })),
  })
  .check(z.meta({ id: "Stats" }));
