import * as z from "zod/mini";
import { CLUSTER_TAG, MODES, type Mode, STACK_TAG } from "../model/constants.ts";
import { stageCountsSchema } from "./board.ts";
import { accountFilterParameter, note, participantLabel, time } from "./common.ts";

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
  scope: z
    .optional(statsScopeSchema)
    .check(
      note(
        "window (the default): time to healthy of every target seen in the workshop's retention window, those that have left included; current: of the current targets only",
      ),
    ),
  account: accountFilterParameter("Only the NLBs, targets and participant of this AWS account"),
});

/** How many participants are at each stage of the module. */
const participantsSchema = z.object({
  by: z
    .enum(["account", "cluster"])
    .check(
      note(
        "account: the workshop's participant accounts, each counted (one without an NLB in noNlb); cluster: a workshop without accounts, one participant per cluster (elbv2.k8s.aws/cluster tag), else per NLB, as the board counts them",
      ),
    ),
  count: z.int().check(note("Participants counted")),
  stages: stageCountsSchema.check(
    note(
      "Participants per stage of their most advanced NLB (noNlb, instance, switching, ipHealthy, scaledOut, done), every stage listed",
    ),
  ),
});

export const statsSchema = z
  .object({
    workshopId: z.string().check(note("The workshop")),
    generatedAt: time.check(note("When these figures were computed")),
    scope: statsScopeSchema.check(note("Which targets the figures count (the query's scope)")),
    windowStart: z
      .nullable(time)
      .check(note("Start of the retention window (scope window); null for scope current")),
    loadBalancers: z.int().check(note("NLBs of the workshop now")),
    targets: z.int().check(note("Their targets now")),
    targetsSeen: z
      .int()
      .check(note("Targets seen in the scope: the current ones, and with scope window those that have left")),
    modes: modeCounts.check(note("How many NLBs are in each mode, every mode listed")),
    participants: participantsSchema.check(note("Participants by stage (the board's stages)")),
    timeToHealthy: z
      .record(z.string(), timeToHealthy)
      .check(
        note(
          "Per target type (instance, ip, …): of every target that turned healthy in the retention window (scope window), or of the current targets (scope current)",
        ),
      ),
    stuckTargets: z
      .array(
        z.object({
          cluster: z.nullable(z.string()).check(note(`The participant: the NLB's ${CLUSTER_TAG} tag`)),
          accountId: z.nullable(z.string()).check(note("The AWS account of the NLB, from its ARN")),
          label: participantLabel,
          region: z.string().check(note("The NLB's region")),
          loadBalancer: z.string().check(note("The NLB's name")),
          service: z.nullable(z.string()).check(note(`${STACK_TAG} tag: namespace/name`)),
          targetGroup: z.string().check(note("The target group's name")),
          id: z.string().check(note("Instance id or IP address")),
          port: z.int().check(note("The target's port")),
          state: z.string().check(note("Its state now")),
          reason: z.nullable(z.string()).check(note("AWS's reason code, e.g. Target.FailedHealthChecks")),
          description: z.nullable(z.string()).check(note("AWS's description of the reason")),
          since: time.check(note("Not healthy since (first seen so)")),
          notHealthySeconds: z.number().check(note("Seconds not healthy")),
        }),
      )
      .check(note("Who is stuck: targets not healthy for longer than the stuck threshold, longest first")),
  })
  .check(z.meta({ id: "Stats" }));
