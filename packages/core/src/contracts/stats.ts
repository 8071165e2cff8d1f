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

/** Which targets `/stats` counts: every one seen in the workshop's retention window, or the current ones. */
export const statsScopeSchema = z.enum(["window", "current"]);

/** The query of `GET /workshops/{id}/stats`. */
export const statsQuerySchema = z.strictObject({
  scope: z.optional(statsScopeSchema).check(
    z.meta({
      description:
        "window (the default): time to healthy of every target seen in the workshop's retention window, those that have left included; current: of the current targets only",
    }),
  ),
});

export const statsSchema = z
  .object({
    workshopId: z.string(),
    generatedAt: time,
    scope: statsScopeSchema,
    windowStart: z
      .nullable(time)
      .check(z.meta({ description: "Start of the retention window (scope window); null for scope current" })),
    loadBalancers: z.int().check(z.meta({ description: "Current NLBs" })),
    targets: z.int().check(z.meta({ description: "Current targets" })),
    targetsSeen: z.int().check(
      z.meta({
        description:
          "Targets seen in the scope: the current ones, and with scope window those that have left",
      }),
    ),
    modes: modeCounts,
    timeToHealthy: z.record(z.string(), timeToHealthy).check(
      z.meta({
        description:
          "Per target type (instance, ip, …): of every target that turned healthy in the retention window (scope window), or of the current targets (scope current)",
      }),
    ),
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
