import { z } from "zod";
import { CLUSTER_TAG, DEFAULT_RETENTION_DAYS, DEFAULT_STUCK_THRESHOLD_SECONDS } from "../model/constants.ts";
import { regionSchema, targetsByState, time } from "./common.ts";

export const workshopIdSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    "must be a slug: 1–63 lowercase letters, digits and '-', not starting or ending with '-'",
  )
  .meta({ description: "Workshop id (URL slug)", example: "reinvent-2026-con301" });

export const selectorSchema = z
  .object({
    tags: z
      .array(
        z
          .object({
            key: z.string().min(1).max(128),
            value: z.string().max(256).optional().meta({ description: "Omit to match any value" }),
          })
          .strict(),
      )
      .max(10)
      .default([]),
    namePrefix: z.string().min(1).max(32).optional(),
    regions: z.array(regionSchema).max(30).default([]),
  })
  .strict();

/** The body of `PUT /workshops/{id}`. */
export const workshopInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    selector: selectorSchema.default({ tags: [{ key: CLUSTER_TAG }], regions: [] }),
    stuckThresholdSeconds: z.number().int().min(30).max(86_400).default(DEFAULT_STUCK_THRESHOLD_SECONDS),
    retentionDays: z.number().int().min(1).max(365).default(DEFAULT_RETENTION_DAYS),
  })
  .strict()
  .meta({
    id: "WorkshopInput",
    example: {
      name: "re:Invent 2026 CON301",
      selector: { tags: [{ key: CLUSTER_TAG }], namePrefix: "k8s-ui-", regions: ["us-west-2"] },
      stuckThresholdSeconds: DEFAULT_STUCK_THRESHOLD_SECONDS,
      retentionDays: DEFAULT_RETENTION_DAYS,
    },
  });

/** A workshop with its configuration, its alarm and a summary of its last sweep. */
export const workshopSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    selector: z.object({
      tags: z.array(z.object({ key: z.string(), value: z.string().optional() })),
      namePrefix: z.string().optional(),
      regions: z.array(z.string()),
    }),
    stuckThresholdSeconds: z.number().int(),
    retentionDays: z.number().int(),
    implicit: z
      .boolean()
      .meta({ description: "The `default` workshop that exists while none is configured" }),
    alarm: z
      .object({
        name: z.string(),
        state: z.enum(["OK", "ALARM", "INSUFFICIENT_DATA", "MISSING", "UNKNOWN"]),
      })
      .nullable()
      .meta({
        description:
          "The workshop's stuck-target alarm (UNKNOWN when CloudWatch could not be asked, MISSING when it does not exist); null where alarms are not configured",
      }),
    summary: z.object({
      loadBalancers: z.number().int(),
      targets: z.number().int(),
      targetsByState,
      stuck: z.number().int(),
      lastSweepAt: time.nullable(),
      lastSweepAgeSeconds: z.number().nullable(),
      lastSweepDurationMs: z.number().nullable(),
      lastSweepErrors: z.array(z.string()),
      lastGap: z.object({ from: time, to: time }).nullable().meta({
        description:
          "The latest period without recorded data (no data from … to …: the store or the collector was down, sweeps were missed); changes across it are marked gap",
      }),
    }),
  })
  .meta({ id: "Workshop" });

export const workshopListSchema = z.object({ workshops: z.array(workshopSchema) });
