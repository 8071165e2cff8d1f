import * as z from "zod/mini";
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
  .check(
    z.regex(/^[A-Za-z0-9-]{1,32}$/, "must be an ELBv2 load balancer name (1–32 letters, digits and '-')"),
    z.meta({ example: "k8s-ui-uinlb-e1c1ebaeb4" }),
  );

/** The query of `GET /workshops/{id}/load-balancers`. */
export const loadBalancersQuerySchema = z.strictObject({
  limit: pageLimit(100, 50),
  nextToken: nextTokenParameter,
  mode: z.optional(modeSchema),
  cluster: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  state: z
    .optional(targetStateSchema)
    .check(z.meta({ description: "Only NLBs with at least one target in this state" })),
});

/** The query of `GET /workshops/{id}/load-balancers/{name}`. */
export const loadBalancerQuerySchema = z.strictObject({ region: z.optional(regionSchema) });

const healthCheck = z.object({
  protocol: z.string(),
  port: z.string(),
  intervalSeconds: z.int(),
  timeoutSeconds: z.int(),
  healthyThreshold: z.int(),
  unhealthyThreshold: z.int(),
});

/** What an NLB's answers share, with and without its targets. */
const loadBalancerShape = {
  name: z.string(),
  arn: z.string(),
  accountId: z.string().check(z.meta({ description: "The AWS account the NLB is in (from its ARN)" })),
  region: z.string(),
  dnsName: z.string(),
  scheme: z.string(),
  state: z.string().check(z.meta({ description: "ELBv2 load balancer state (provisioning, active, …)" })),
  cluster: z.nullable(z.string()).check(z.meta({ description: `${CLUSTER_TAG} tag` })),
  service: z.nullable(z.string()).check(z.meta({ description: `${STACK_TAG} tag: namespace/name` })),
  mode: modeSchema,
  targetCount: z.int(),
  targetsByState,
  stuck: z.int(),
  targetGroups: z.array(
    z.object({
      name: z.string(),
      arn: z.string(),
      targetType: z.string(),
      protocol: z.string(),
      port: z.int(),
      healthCheck,
    }),
  ),
  firstSeenAt: time,
  lastSeenAt: time,
  lastChangeAt: time,
  lastError: z
    .nullable(z.object({ message: z.string(), since: time, at: time, ageSeconds: z.number() }))
    .check(z.meta({ description: "Set while reads of this NLB fail; the rest is its last known state" })),
};

/** An NLB as of the request: mode, target counts, target groups, the last read error. */
export const loadBalancerSchema = z.object(loadBalancerShape).check(z.meta({ id: "LoadBalancer" }));

/** One registered target: its state, since when, and how long it took (or is taking) to be healthy. */
export const targetSchema = z
  .object({
    id: z.string(),
    port: z.int(),
    availabilityZone: z.nullable(z.string()),
    targetGroup: z.string(),
    targetType: z.string(),
    state: targetStateSchema,
    reason: z.nullable(z.string()),
    description: z.nullable(z.string()),
    since: time,
    registeredAt: time,
    timeToHealthySeconds: z
      .nullable(z.number())
      .check(
        z.meta({ description: "First seen registered → first seen healthy, in seconds (see Transition)" }),
      ),
    timeToHealthyBounds: timeToHealthyBoundsSchema,
    stuck: z.boolean(),
    notHealthySeconds: z.number(),
  })
  .check(z.meta({ id: "Target" }));

export const loadBalancerDetailSchema = z
  .object({ ...loadBalancerShape, targets: z.array(targetSchema) })
  .check(z.meta({ id: "LoadBalancerDetail" }));

export const loadBalancerListSchema = z.object({
  loadBalancers: z.array(loadBalancerSchema),
  nextToken: z.optional(z.string()),
});
