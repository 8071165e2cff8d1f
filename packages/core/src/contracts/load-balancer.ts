import { z } from "zod";
import { CLUSTER_TAG, STACK_TAG } from "../model/constants.ts";
import {
  modeSchema,
  nextTokenParameter,
  pageLimit,
  regionSchema,
  targetStateSchema,
  targetsByState,
  time,
  timeToHealthyBoundsSchema,
} from "./common.ts";

export const loadBalancerNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9-]{1,32}$/, "must be an ELBv2 load balancer name (1–32 letters, digits and '-')")
  .meta({ example: "k8s-ui-uinlb-e1c1ebaeb4" });

/** The query of `GET /workshops/{id}/load-balancers`. */
export const loadBalancersQuerySchema = z
  .object({
    limit: pageLimit(100, 50),
    nextToken: nextTokenParameter,
    mode: modeSchema.optional(),
    cluster: z.string().min(1).max(100).optional(),
    state: targetStateSchema
      .optional()
      .meta({ description: "Only NLBs with at least one target in this state" }),
  })
  .strict();

/** The query of `GET /workshops/{id}/load-balancers/{name}`. */
export const loadBalancerQuerySchema = z.object({ region: regionSchema.optional() }).strict();

const healthCheck = z.object({
  protocol: z.string(),
  port: z.string(),
  intervalSeconds: z.number().int(),
  timeoutSeconds: z.number().int(),
  healthyThreshold: z.number().int(),
  unhealthyThreshold: z.number().int(),
});

/** An NLB as of the request: mode, target counts, target groups, the last read error. */
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
    targetsByState,
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

/** One registered target: its state, since when, and how long it took (or is taking) to be healthy. */
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
    timeToHealthySeconds: z.number().nullable().meta({
      description: "First seen registered → first seen healthy, in seconds (see Transition)",
    }),
    timeToHealthyBounds: timeToHealthyBoundsSchema,
    stuck: z.boolean(),
    notHealthySeconds: z.number(),
  })
  .meta({ id: "Target" });

export const loadBalancerDetailSchema = loadBalancerSchema
  .extend({ targets: z.array(targetSchema) })
  .meta({ id: "LoadBalancerDetail" });

export const loadBalancerListSchema = z.object({
  loadBalancers: z.array(loadBalancerSchema),
  nextToken: z.string().optional(),
});
