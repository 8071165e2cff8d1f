import * as z from "zod/mini";
import { CLUSTER_TAG, STACK_TAG, TARGET_STATES } from "../model/constants.ts";
import {
  accountFilterParameter,
  modeSchema,
  nextTokenParameter,
  note,
  pageLimit,
  participantLabel,
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
    z.meta({ description: "The NLB's name", example: "k8s-ui-uinlb-e1c1ebaeb4" }),
  );

/**
 * A target state to filter on. `stuck` is not one of ELBv2's states but targetwatch's verdict on
 * a target (not healthy for too long), which has its own filter: the 400 says so.
 */
const stateFilter = z.enum(TARGET_STATES, {
  error: (issue) =>
    issue.input === "stuck"
      ? "stuck is not a target state: use ?stuck=true for the NLBs with a stuck target"
      : undefined,
});

/** The query of `GET /workshops/{id}/load-balancers`. */
export const loadBalancersQuerySchema = z.strictObject({
  limit: pageLimit(100, 50),
  nextToken: nextTokenParameter,
  mode: z.optional(modeSchema).check(note("Only NLBs in this mode")),
  cluster: z
    .optional(z.string().check(z.minLength(1), z.maxLength(100)))
    .check(note(`Only NLBs of this cluster (${CLUSTER_TAG} tag)`)),
  state: z
    .optional(stateFilter)
    .check(z.meta({ description: "Only NLBs with at least one target in this state" })),
  stuck: z
    .optional(z.enum(["true", "false"]))
    .check(z.meta({ description: "Only NLBs with (true) or without (false) a stuck target" })),
  account: accountFilterParameter("Only NLBs in this AWS account (a participant's)"),
});

/** The query of `GET /workshops/{id}/load-balancers/{name}`. */
export const loadBalancerQuerySchema = z.strictObject({
  region: z
    .optional(regionSchema)
    .check(note("The NLB's region; without it, the workshop's regions are searched")),
  account: accountFilterParameter(
    "The NLB's AWS account: needed when NLBs of this name are in several accounts (else 409)",
  ),
});

/** A choice `409 AmbiguousName` offers: one of the accounts an NLB of the name is in. */
const nameChoiceSchema = z.object({
  accountId: z.string().check(note("An account an NLB of this name is in: send it as ?account=")),
  label: participantLabel,
  region: z.string().check(note("The region of that account's NLB of this name")),
});

/** `409`: the name is that of NLBs in several accounts; the client picks one with `?account=`. */
export const ambiguousNameErrorSchema = z
  .object({
    error: z
      .object({
        code: z.literal("AmbiguousName"),
        message: z.string(),
        accounts: z.array(nameChoiceSchema),
      })
      .check(
        note("The accounts NLBs of this name are in, with their labels: repeat with ?account=<accountId>"),
      ),
  })
  .check(z.meta({ id: "AmbiguousNameError" }));

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
  name: z
    .string()
    .check(note("The NLB's name (the Load Balancer Controller's k8s-<namespace>-<service>-<hash>)")),
  arn: z.string().check(note("The NLB's ARN")),
  accountId: z.string().check(note("The AWS account the NLB is in (from its ARN)")),
  label: participantLabel,
  region: z.string().check(note("The NLB's AWS region")),
  dnsName: z.string().check(note("The NLB's DNS name")),
  scheme: z.string().check(note("internet-facing or internal")),
  state: z.string().check(z.meta({ description: "ELBv2 load balancer state (provisioning, active, …)" })),
  cluster: z.nullable(z.string()).check(z.meta({ description: `${CLUSTER_TAG} tag` })),
  service: z.nullable(z.string()).check(z.meta({ description: `${STACK_TAG} tag: namespace/name` })),
  mode: modeSchema.check(
    note(
      "instance or ip: the type of its attached target groups; mixed: groups of both types; none: no group attached",
    ),
  ),
  targetCount: z.int().check(note("Targets registered in its attached target groups")),
  targetsByState,
  stuck: z.int().check(note("Targets not healthy for longer than the workshop's stuckThresholdSeconds")),
  targetGroups: z
    .array(
      z.object({
        name: z.string(),
        arn: z.string(),
        targetType: z.string(),
        protocol: z.string(),
        port: z.int(),
        healthCheck,
      }),
    )
    .check(note("Its attached target groups, with their health-check settings")),
  firstSeenAt: time.check(note("When targetwatch first saw the NLB")),
  lastSeenAt: time.check(note("When the latest read that saw the NLB was sent")),
  lastChangeAt: time.check(
    note("When targetwatch last recorded a change of the NLB, its groups or its targets"),
  ),
  lastError: z
    .nullable(z.object({ message: z.string(), since: time, at: time, ageSeconds: z.number() }))
    .check(z.meta({ description: "Set while reads of this NLB fail; the rest is its last known state" })),
};

/** An NLB as of the request: mode, target counts, target groups, the last read error. */
export const loadBalancerSchema = z.object(loadBalancerShape).check(z.meta({ id: "LoadBalancer" }));

/** One registered target: its state, since when, and how long it took (or is taking) to be healthy. */
export const targetSchema = z
  .object({
    id: z.string().check(note("Instance id (instance targets) or IP address (ip targets)")),
    port: z.int().check(note("The port it is registered on")),
    availabilityZone: z.nullable(z.string()).check(note("Its Availability Zone, when ELBv2 gives one")),
    targetGroup: z.string().check(note("Name of the target group it is registered in")),
    targetType: z.string().check(note("instance or ip: its target group's type")),
    state: targetStateSchema.check(note("ELBv2's target health state")),
    reason: z
      .nullable(z.string())
      .check(
        note(
          "ELBv2's reason code (Elb.RegistrationInProgress, Target.FailedHealthChecks, …); null when healthy",
        ),
      ),
    description: z.nullable(z.string()).check(note("ELBv2's description of the reason")),
    since: time.check(note("When it was first seen in its current state")),
    registeredAt: time.check(note("When it was first seen registered")),
    timeToHealthySeconds: z
      .nullable(z.number())
      .check(
        z.meta({ description: "First seen registered → first seen healthy, in seconds (see Transition)" }),
      ),
    timeToHealthyBounds: timeToHealthyBoundsSchema,
    stuck: z.boolean().check(note("Not healthy for longer than the workshop's stuckThresholdSeconds")),
    notHealthySeconds: z
      .number()
      .check(note("How long it has been not healthy, in seconds; 0 while healthy")),
  })
  .check(z.meta({ id: "Target" }));

export const loadBalancerDetailSchema = z
  .object({
    ...loadBalancerShape,
    targets: z.array(targetSchema).check(note("Its targets, in every attached target group")),
  })
  .check(z.meta({ id: "LoadBalancerDetail" }));

export const loadBalancerListSchema = z.object({
  loadBalancers: z.array(loadBalancerSchema),
  nextToken: z.optional(z.string()),
});
