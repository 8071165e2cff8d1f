import {
  CLUSTER_TAG,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_STUCK_THRESHOLD_SECONDS,
  MODES,
  REGION_PATTERN,
  STACK_TAG,
  TARGET_STATES,
} from "@targetwatch/core";
import { z } from "zod";

/**
 * The API contract, once: these schemas validate requests, type the handlers and generate the
 * OpenAPI document (`GET /openapi.json`), so documentation and behaviour cannot drift apart.
 */

export const workshopIdSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    "must be a slug: 1–63 lowercase letters, digits and '-', not starting or ending with '-'",
  )
  .meta({ description: "Workshop id (URL slug)", example: "reinvent-2026-con301" });

export const loadBalancerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,32}$/, "must be an ELBv2 load balancer name (1–32 letters, digits and '-')")
  .meta({ example: "k8s-ui-uinlb-e1c1ebaeb4" });

export const modeSchema = z.enum(MODES);
export const targetStateSchema = z.enum(TARGET_STATES);

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
    regions: z
      .array(z.string().regex(REGION_PATTERN, "must be an AWS region such as us-west-2"))
      .max(30)
      .default([]),
  })
  .strict();

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

const limit = (max: number, fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .meta({ description: `Page size, 1–${max}` });
const nextToken = z
  .string()
  .min(1)
  .max(4096)
  .optional()
  .meta({ description: "Opaque token from the previous page" });
const isoTime = z.iso.datetime({ offset: true });

export const loadBalancersQuerySchema = z
  .object({
    limit: limit(100, 50),
    nextToken,
    mode: modeSchema.optional(),
    cluster: z.string().min(1).max(100).optional(),
    state: targetStateSchema
      .optional()
      .meta({ description: "Only NLBs with at least one target in this state" }),
  })
  .strict();

export const loadBalancerQuerySchema = z
  .object({ region: z.string().regex(REGION_PATTERN, "must be an AWS region such as us-west-2").optional() })
  .strict();

export const transitionsQuerySchema = z
  .object({
    loadBalancer: loadBalancerNameSchema.optional(),
    since: isoTime.optional(),
    until: isoTime.optional(),
    limit: limit(500, 100),
    nextToken,
  })
  .strict()
  .refine((q) => !q.since || !q.until || Date.parse(q.since) <= Date.parse(q.until), {
    message: "since must not be after until",
    path: ["since"],
  });

// ---- responses ----

const time = z.string().meta({ format: "date-time" });
const byState = z.record(z.string(), z.number().int()).meta({ description: "Targets per ELBv2 state" });

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
      targetsByState: byState,
      stuck: z.number().int(),
      lastSweepAt: time.nullable(),
      lastSweepAgeSeconds: z.number().nullable(),
      lastSweepDurationMs: z.number().nullable(),
      lastSweepErrors: z.array(z.string()),
    }),
  })
  .meta({ id: "Workshop" });

const healthCheck = z.object({
  protocol: z.string(),
  port: z.string(),
  intervalSeconds: z.number().int(),
  timeoutSeconds: z.number().int(),
  healthyThreshold: z.number().int(),
  unhealthyThreshold: z.number().int(),
});

export const loadBalancerSchema = z
  .object({
    name: z.string(),
    arn: z.string(),
    region: z.string(),
    dnsName: z.string(),
    scheme: z.string(),
    state: z.string().meta({ description: "ELBv2 load balancer state (provisioning, active, …)" }),
    cluster: z
      .string()
      .nullable()
      .meta({ description: `${CLUSTER_TAG} tag` }),
    service: z
      .string()
      .nullable()
      .meta({ description: `${STACK_TAG} tag: namespace/name` }),
    mode: modeSchema,
    targetCount: z.number().int(),
    targetsByState: byState,
    stuck: z.number().int(),
    targetGroups: z.array(
      z.object({
        name: z.string(),
        arn: z.string(),
        targetType: z.string(),
        protocol: z.string(),
        port: z.number().int(),
        healthCheck,
      }),
    ),
    firstSeenAt: time,
    lastSeenAt: time,
    lastChangeAt: time,
    lastError: z
      .object({ message: z.string(), since: time, at: time, ageSeconds: z.number() })
      .nullable()
      .meta({ description: "Set while reads of this NLB fail; the rest is its last known state" }),
  })
  .meta({ id: "LoadBalancer" });

export const targetSchema = z
  .object({
    id: z.string(),
    port: z.number().int(),
    availabilityZone: z.string().nullable(),
    targetGroup: z.string(),
    targetType: z.string(),
    state: targetStateSchema,
    reason: z.string().nullable(),
    description: z.string().nullable(),
    since: time,
    registeredAt: time,
    timeToHealthySeconds: z.number().nullable(),
    stuck: z.boolean(),
    notHealthySeconds: z.number(),
  })
  .meta({ id: "Target" });

export const loadBalancerDetailSchema = loadBalancerSchema
  .extend({ targets: z.array(targetSchema) })
  .meta({ id: "LoadBalancerDetail" });

export const transitionSchema = z
  .object({
    at: time,
    observedBetween: z.tuple([time, time]).meta({
      description:
        "[last time seen in the old state, first time seen in the new one]: the change happened in between",
    }),
    kind: z.enum(["target", "mode", "loadBalancer"]),
    loadBalancer: z.string(),
    region: z.string(),
    targetGroup: z.string().nullable(),
    target: z.object({ id: z.string(), port: z.number().int() }).nullable(),
    from: z.string(),
    to: z.string(),
    reason: z.string().nullable(),
    secondsInPreviousState: z.number().nullable(),
    timeToHealthySeconds: z.number().nullable(),
  })
  .meta({ id: "Transition" });

const ttl = z.object({
  count: z.number().int(),
  p50: z.number().optional(),
  p90: z.number().optional(),
  max: z.number().optional(),
});

export const statsSchema = z
  .object({
    workshopId: z.string(),
    generatedAt: time,
    loadBalancers: z.number().int(),
    targets: z.number().int(),
    modes: z.object({
      instance: z.number().int(),
      ip: z.number().int(),
      mixed: z.number().int(),
      none: z.number().int(),
    }),
    timeToHealthy: z.record(z.string(), ttl).meta({ description: "Per target type of the current targets" }),
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

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });

export const workshopListSchema = z.object({ workshops: z.array(workshopSchema) });
export const loadBalancerListSchema = z.object({
  loadBalancers: z.array(loadBalancerSchema),
  nextToken: z.string().optional(),
});
export const transitionListSchema = z.object({
  transitions: z.array(transitionSchema),
  nextToken: z.string().optional(),
});
export const healthSchema = z.object({ ok: z.literal(true) });
