import * as z from "zod/mini";
import {
  isoTimeParameter,
  nextTokenParameter,
  pageLimit,
  time,
  timeToHealthyBoundsSchema,
} from "./common.ts";
import { loadBalancerNameSchema } from "./load-balancer.ts";

/** The query of `GET /workshops/{id}/transitions`. */
export const transitionsQuerySchema = z
  .strictObject({
    loadBalancer: z.optional(loadBalancerNameSchema),
    since: z.optional(isoTimeParameter),
    until: z.optional(isoTimeParameter),
    limit: pageLimit(500, 100),
    nextToken: nextTokenParameter,
  })
  .check(
    z.refine((q) => !q.since || !q.until || Date.parse(q.since) <= Date.parse(q.until), {
      message: "since must not be after until",
      path: ["since"],
    }),
  );

/** A change of a target's state, of an NLB's mode, or an NLB appearing or disappearing. */
export const transitionSchema = z
  .object({
    at: time,
    observedBetween: z.tuple([time, time]).check(
      z.meta({
        description:
          "[when the last read that saw the old state was sent, when the first read that saw the new one was answered]: the change happened in between, whatever the reads' latency and retries",
      }),
    ),
    gap: z.boolean().check(
      z.meta({
        description:
          "The window crosses a period without recorded observations (failed reads, the store or the collector down, missed sweeps): the change happened in it, but others nobody recorded may have happened too",
      }),
    ),
    kind: z.enum(["target", "mode", "loadBalancer"]),
    loadBalancer: z.string(),
    accountId: z.string().check(z.meta({ description: "The AWS account the NLB is in (from its ARN)" })),
    region: z.string(),
    targetGroup: z.nullable(z.string()),
    target: z.nullable(z.object({ id: z.string(), port: z.int() })),
    from: z.string(),
    to: z.string(),
    reason: z.nullable(z.string()),
    secondsInPreviousState: z.nullable(z.number()),
    timeToHealthySeconds: z.nullable(z.number()).check(
      z.meta({
        description:
          "On a target's first way to healthy: first seen registered → first seen healthy (both the ends of their windows), in seconds; never across a gap",
      }),
    ),
    timeToHealthyBounds: timeToHealthyBoundsSchema,
  })
  .check(z.meta({ id: "Transition" }));

export const transitionListSchema = z.object({
  transitions: z.array(transitionSchema),
  nextToken: z.optional(z.string()),
});
