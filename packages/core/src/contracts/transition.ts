import * as z from "zod/mini";
import { sinceNotAfterUntil } from "./checks.ts";
import {
  accountFilterParameter,
  isoTimeParameter,
  nextTokenParameter,
  note,
  pageLimit,
  participantLabel,
  time,
  timeToHealthyBoundsSchema,
} from "./common.ts";
import { loadBalancerNameSchema } from "./load-balancer.ts";

/** The query of `GET /workshops/{id}/transitions`. */
export const transitionsQuerySchema = z
  .strictObject({
    loadBalancer: z
      .optional(loadBalancerNameSchema)
      .check(
        note(
          "Only the transitions of the NLBs of this name; when a page finds them in several accounts, 409 (send ?account=)",
        ),
      ),
    account: accountFilterParameter("Only transitions of NLBs in this AWS account (a participant's)"),
    since: z.optional(isoTimeParameter).check(note("Only transitions at or after this time (ISO 8601)")),
    until: z.optional(isoTimeParameter).check(note("Only transitions at or before this time (ISO 8601)")),
    limit: pageLimit(500, 100),
    nextToken: nextTokenParameter,
  })
  .check(
    z.refine(sinceNotAfterUntil, {
      message: "since must not be after until",
      path: ["since"],
    }),
  );

/** A change of a target's state, of an NLB's mode, or an NLB appearing or disappearing. */
export const transitionSchema = z
  .object({
    at: time.check(note("When it was first seen: the end of observedBetween")),
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
    kind: z
      .enum(["target", "mode", "loadBalancer"])
      .check(note("A target's state, an NLB's mode, or an NLB appearing (absent → present) or disappearing")),
    loadBalancer: z.string().check(note("The NLB's name")),
    accountId: z.string().check(note("The AWS account the NLB is in (from its ARN)")),
    label: participantLabel,
    region: z.string().check(note("The NLB's AWS region")),
    targetGroup: z.nullable(z.string()).check(note("The target's group (name); null unless kind is target")),
    target: z
      .nullable(z.object({ id: z.string(), port: z.int() }))
      .check(note("The target (id and port); null unless kind is target")),
    from: z
      .string()
      .check(note("The state before: a target state or unregistered, a mode, or absent/present")),
    to: z.string().check(note("The state after: a target state or deregistered, a mode, or absent/present")),
    reason: z.nullable(z.string()).check(note("ELBv2's reason code for the new target state")),
    secondsInPreviousState: z
      .nullable(z.number())
      .check(note("How long it was in the state before, in seconds, as far as targetwatch saw it")),
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
