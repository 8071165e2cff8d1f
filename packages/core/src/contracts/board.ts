import * as z from "zod/mini";
import { MODES, TARGET_STATES } from "../model/constants.ts";
import { STAGES, type Stage } from "../model/progress.ts";
import { note, time } from "./common.ts";

/**
 * The board: what `GET /workshops/{id}/board` answers, everything the facilitators' page shows
 * in one request. Times are ISO 8601 strings, absent values `null`. Fields named `…Seconds`
 * that grow with time (ages, time in stage, time stuck) are as of `generatedAt`; the ETag leaves
 * them out, so a `304` means "nothing changed but time" (docs/dashboard.md).
 */

const stageSchema = z.enum(STAGES);
const seconds = z.nullable(z.number());

/** A count per stage, every stage present. */
export const stageCountsSchema = z.object(
  Object.fromEntries(STAGES.map((stage) => [stage, z.int()])) as Record<Stage, z.ZodMiniNumberFormat>,
);

const accountStatusSchema = z.enum(["ok", "pending", "roleNotAssumable", "error"]);

const boardTargetSchema = z.object({
  id: z.string(),
  port: z.int(),
  type: z.string().check(z.meta({ description: "The target group's type: instance or ip" })),
  state: z.enum(TARGET_STATES),
  reason: z.nullable(z.string()),
  stuck: z.boolean(),
  notHealthySeconds: seconds,
  timeToHealthySeconds: seconds,
});

const boardParticipantSchema = z.object({
  id: z.string().check(
    z.meta({
      description:
        "Stable key: the account id when the workshop lists accounts; otherwise the NLB's cluster (elbv2.k8s.aws/cluster tag), else the NLB's name",
    }),
  ),
  accountId: z.nullable(z.string()),
  label: z.nullable(z.string()),
  group: z.nullable(z.string()).check(z.meta({ description: "The label's prefix, for grouping" })),
  accountStatus: z.nullable(accountStatusSchema),
  cluster: z.nullable(z.string()),
  service: z.nullable(z.string()),
  loadBalancer: z
    .nullable(z.object({ name: z.string(), region: z.string() }))
    .check(z.meta({ description: "The participant's most advanced NLB; null: none yet" })),
  mode: z.enum(MODES),
  stage: stageSchema,
  stageSince: z.nullable(time),
  stageSeconds: seconds,
  targets: z.array(boardTargetSchema),
  targetsByState: z.partialRecord(z.enum(TARGET_STATES), z.int()),
  stuck: z.int(),
  timeToHealthySeconds: seconds.check(z.meta({ description: "The latest ip target's time to healthy" })),
  lastError: z.nullable(z.string()),
});

const boardStuckTargetSchema = z.object({
  participantId: z.string(),
  accountId: z.nullable(z.string()),
  label: z.nullable(z.string()),
  cluster: z.nullable(z.string()),
  loadBalancer: z.string(),
  targetId: z.string(),
  port: z.int(),
  targetType: z.string(),
  state: z.enum(TARGET_STATES),
  reason: z.nullable(z.string()),
  description: z.nullable(z.string()),
  since: time,
  stuckSeconds: z.number(),
  hint: z.string().check(z.meta({ description: "What to check, in plain language" })),
});

const timeToHealthySchema = z.object({
  count: z.int(),
  p50: seconds,
  p90: seconds,
  max: seconds,
  histogram: z.array(z.object({ fromSeconds: z.number(), toSeconds: z.number(), count: z.int() })),
});

export const boardSchema = z
  .object({
    workshop: z
      .object({
        id: z.string(),
        name: z.string(),
        stuckThresholdSeconds: z.int(),
        goal: z.object({ mode: z.enum(["instance", "ip"]), healthyTargets: z.int() }),
      })
      .check(note("The workshop: its name, stuck threshold and the module's goal")),
    generatedAt: time.check(note("When this board was computed")),
    sweep: z
      .object({
        lastAt: z.nullable(time),
        ageSeconds: seconds,
        durationMs: seconds,
        errors: z.array(z.string()),
        lastGap: z.nullable(z.object({ from: time, to: time })),
      })
      .check(
        note("The last sweep: when, how old its data is, how long it took, its errors and the last gap"),
      ),
    alarm: z
      .nullable(
        z.object({
          name: z.string(),
          state: z.enum(["OK", "ALARM", "INSUFFICIENT_DATA", "MISSING", "UNKNOWN"]),
        }),
      )
      .check(note("The workshop's stuck alarm and its state; null where the deployment has no alarms")),
    headline: z
      .object({
        participants: z.int(),
        done: z.int(),
        percentDone: z.int(),
        advice: z.enum(["proceed", "wait", "troubleshoot"]),
        adviceText: z.string(),
      })
      .check(note("N of M participants done, with the pacing advice")),
    stages: stageCountsSchema.check(note("How many participants are at each stage of the module")),
    participants: z
      .array(boardParticipantSchema)
      .check(note("Every participant with their stage and targets")),
    stuck: z.array(boardStuckTargetSchema).check(z.meta({ description: "Longest stuck first" })),
    timeToHealthy: z
      .object({ instance: timeToHealthySchema, ip: timeToHealthySchema })
      .check(note("Time to healthy per mode")),
    progress: z.array(z.object({ at: time, stages: stageCountsSchema })).check(
      z.meta({
        description:
          "The class's stage counts over time, oldest first, one point where the counts changed, each as a sweep observed it and stamped with that sweep's time; the last 3 hours, at most 360 points",
      }),
    ),
    accounts: z
      .object({
        ok: z.int(),
        pending: z.int(),
        roleNotAssumable: z.int(),
        error: z.int(),
        problems: z.array(
          z.object({
            accountId: z.string(),
            label: z.nullable(z.string()),
            status: z.enum(["pending", "roleNotAssumable", "error"]),
            message: z.nullable(z.string()),
          }),
        ),
      })
      .check(note("Participant accounts by status, and those that cannot be read")),
  })
  .check(z.meta({ id: "Board" }));

/** The page's script and stylesheet, named by content hash by its build (`app-<hash>.js`). */
export const dashboardAssetNameSchema = z
  .string()
  .check(
    z.regex(/^[A-Za-z0-9_-]{1,100}\.(js|css)$/, "must be a file name of the page's build"),
    z.meta({ description: "A file of the page's build", example: "app-3KXQ2WJH.js" }),
  );
