import { z } from "zod";
import { parseDurationSeconds } from "./duration.ts";

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// core's REGION_PATTERN, restated: the simulator stands in for AWS and depends on no targetwatch
// package, so that nothing of what it simulates can lean on the code it is testing.
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** Seconds from the scenario's start: `90` or `"1m30s"`. */
const seconds = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const parsed = typeof value === "number" ? value : parseDurationSeconds(value);
  if (parsed === undefined || !(parsed >= 0)) {
    ctx.addIssue({
      code: "custom",
      message: `${JSON.stringify(value)} is not a duration (use seconds ≥ 0, or e.g. "90s", "4m", "1m30s")`,
    });
    return z.NEVER;
  }
  return parsed;
});

/**
 * A 12-digit AWS account id. YAML reads an unquoted 111111111111 as a number, so numbers are
 * accepted too (one with a leading zero loses it and is refused: quote it).
 */
export const accountIdSchema = z
  .union([z.string(), z.number().int().nonnegative()])
  .transform((value) => String(value))
  .pipe(
    z.string().regex(/^\d{12}$/, 'must be 12 digits (quote it in YAML if it starts with 0: "012345678901")'),
  );

/** What deploying the participant template does in an account (see docs/scenarios.md#accounts). */
export const roleSettingSchema = z.enum(["present", "missing", "wrongExternalId"]);

export const accountSchema = z
  .object({
    id: accountIdSchema,
    label: z.string().min(1).max(256).optional(),
    role: roleSettingSchema.default("present"),
  })
  .strict();

const k8sName = z.string().regex(NAME, "must be a Kubernetes name (lowercase letters, digits and '-')");
/** `namespace/name`, how kubectl and the controller's `service.k8s.aws/stack` tag name things. */
const namespacedName = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\/[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    "must be namespace/name, e.g. ui/ui-nlb",
  );

export const targetTypeSchema = z.enum(["instance", "ip"]);

export const healthCheckSchema = z
  .object({
    intervalSeconds: z.number().int().min(5).max(300).default(10),
    timeoutSeconds: z.number().int().min(2).max(120).default(10),
    healthyThreshold: z.number().int().min(2).max(10).default(3),
    unhealthyThreshold: z.number().int().min(2).max(10).default(3),
  })
  .strict();

/**
 * A duration that is either pinned (`60`) or drawn for each resource from the scenario's seeded
 * random sequence as a triangular distribution (`{ min: 30, mode: 70, max: 240 }`).
 */
export const spreadSecondsSchema = z.union([
  z.number().nonnegative(),
  z
    .object({ min: z.number().nonnegative(), mode: z.number().nonnegative(), max: z.number().nonnegative() })
    .strict()
    .refine((s) => s.min <= s.mode && s.mode <= s.max, "needs min ≤ mode ≤ max"),
]);

export const timingSchema = z
  .object({
    /**
     * From RegisterTargets until the NLB's first health check is due (`initial` /
     * `Elb.RegistrationInProgress`); drawn per target. The default spread follows public reports
     * (docs/simulator.md): 70–120 s typical, up to about 4 minutes.
     */
    registrationDelaySeconds: spreadSecondsSchema.default({ min: 30, mode: 70, max: 240 }),
    /**
     * `random`: a target's first health check falls anywhere in the interval after its
     * registration delay, as the NLB's checkers are not aligned to registrations; `aligned`: one
     * whole interval after it (with a pinned delay every target takes exactly the same time).
     */
    healthCheckPhase: z.enum(["random", "aligned"]).default("random"),
    deregistrationDelaySeconds: z.number().nonnegative().max(3600).default(300),
    /** A new NLB is `provisioning` for a few minutes before `active`. */
    provisioningSeconds: z.number().nonnegative().default(120),
    /** From a pod's creation until its readiness probe passes (the controller registers it then). */
    podStartSeconds: z.number().nonnegative().default(5),
    /**
     * From a target-type switch until the controller has deregistered the old group's targets
     * and deleted the group (its post-deploy step: a few seconds).
     */
    reconcileSeconds: z.number().nonnegative().max(60).default(3),
  })
  .strict();

/** What each cluster's AWS Load Balancer Controller asks of ELBv2 besides its changes. */
export const controllerSchema = z
  .object({
    /**
     * While an ip target group of the controller has a pod target in `initial`, it re-reads the
     * group's target health this often (its target-group-binding requeue, 15 s by default): what
     * the controller does for pods with its target-health readiness gate. 0: never (pods without
     * the gate, as in the EKS Workshop's `ui` namespace).
     */
    targetHealthPollSeconds: z.number().nonnegative().default(15),
    /** Describe* calls one reconcile of a Service makes (reading its NLB, groups, listeners, tags). */
    describeCallsPerReconcile: z.number().int().nonnegative().default(8),
  })
  .strict();

export const faultRuleSchema = z
  .object({
    latencyMs: z.number().nonnegative().max(60_000).optional(),
    errorRate: z.number().min(0).max(1).optional(),
    throttle: z
      .object({ ratePerSecond: z.number().positive(), burst: z.number().int().min(1) })
      .strict()
      .optional(),
  })
  .strict();

export const faultConfigSchema = faultRuleSchema
  .extend({
    /** Share of the targets in a DescribeTargetHealth answer reported `unavailable` / `Elb.InternalError`. */
    targetUnavailableRate: z.number().min(0).max(1).optional(),
    actions: z
      .record(z.string().regex(/^[A-Z][A-Za-z]+$/, "must be an API action name"), faultRuleSchema)
      .optional(),
    seed: z.number().int().optional(),
  })
  .strict();

const nodeSchema = z
  .object({
    az: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, "must be an availability zone such as us-west-2a"),
  })
  .strict();

export const deploymentSchema = z
  .object({
    namespace: k8sName,
    name: k8sName,
    replicas: z.number().int().min(0).max(500).default(1),
    containerPort: z.number().int().min(1).max(65535).default(8080),
  })
  .strict();

export const serviceSchema = z
  .object({
    namespace: k8sName,
    name: k8sName,
    /** The deployment whose pods back the Service, as `namespace/name`. */
    deployment: namespacedName,
    port: z.number().int().min(1).max(65535).default(80),
    targetPort: z.number().int().min(1).max(65535).optional(),
    /** Value of `service.beta.kubernetes.io/aws-load-balancer-nlb-target-type`. */
    targetType: targetTypeSchema.default("instance"),
    scheme: z.enum(["internet-facing", "internal"]).default("internet-facing"),
  })
  .strict();

export const clusterSchema = z
  .object({
    name: k8sName,
    region: z.string().regex(REGION, "must be an AWS region such as us-west-2").optional(),
    /** Worker nodes, or a count spread over the region's first three zones. */
    nodes: z.union([z.number().int().min(1).max(100), z.array(nodeSchema).min(1).max(100)]).default(3),
    deployments: z.array(deploymentSchema).default([]),
    services: z.array(serviceSchema).default([]),
    /**
     * A class: `count` copies named `<name>-01`…, each `staggerSeconds` later than the one before
     * (its services and every step aimed at it shift with it), as participants never start together.
     */
    /** The account the cluster lives in; default the monitor account (the scenario's `accountId`). */
    account: accountIdSchema.optional(),
    replicate: z
      .object({
        count: z.number().int().min(1).max(5000),
        staggerSeconds: seconds.default(0),
        /** One account per copy: copy n lives in account `firstAccountId` + n − 1. */
        firstAccountId: accountIdSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * Why the NLB's health check of a ready pod fails: nothing listens on the target port, or the
 * security group does not admit the NLB's subnets on it — the real causes of a stuck target.
 */
export const healthCheckFailureSchema = z.enum(["not-listening", "security-group"]);

/** Steps share one shape whether scheduled in a file (`at` = seconds from start) or applied live (`at` = seconds from now). */
function stepUnion<At extends z.ZodType>(at: At) {
  const base = { at, cluster: k8sName };
  return z.discriminatedUnion("action", [
    z.object({ ...base, action: z.literal("createService"), service: serviceSchema }).strict(),
    z.object({ ...base, action: z.literal("deleteService"), service: namespacedName }).strict(),
    z
      .object({
        ...base,
        action: z.literal("setTargetType"),
        service: namespacedName,
        targetType: targetTypeSchema,
      })
      .strict(),
    z
      .object({
        ...base,
        action: z.literal("scale"),
        deployment: namespacedName,
        replicas: z.number().int().min(0).max(500),
      })
      .strict(),
    z
      .object({
        ...base,
        action: z.literal("failPod"),
        deployment: namespacedName,
        pod: z.number().int().min(0),
      })
      .strict(),
    z
      .object({
        ...base,
        action: z.literal("recoverPod"),
        deployment: namespacedName,
        pod: z.number().int().min(0),
      })
      .strict(),
    z
      .object({
        ...base,
        action: z.literal("failHealthCheck"),
        deployment: namespacedName,
        pod: z.number().int().min(0),
        cause: healthCheckFailureSchema.default("not-listening"),
      })
      .strict(),
    z
      .object({
        ...base,
        action: z.literal("passHealthCheck"),
        deployment: namespacedName,
        pod: z.number().int().min(0),
      })
      .strict(),
  ]);
}

export const stepSchema = stepUnion(seconds);
/** A step sent to the control API: `at` is optional and counts from now. */
export const liveStepSchema = stepUnion(seconds.default(0));

const DEFAULT_ACCOUNT_ID = "123456789012";

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** Seeds every generated ID, IP and fault, so runs are reproducible. Defaults to one derived from the name. */
    seed: z.number().int().optional(),
    /** Simulated wall-clock time at t = 0 (ISO 8601); defaults to when the simulator starts. */
    start: z.iso.datetime({ offset: true }).optional(),
    /**
     * The monitor account: targetwatch's own, where its collector runs and its CloudWatch lives,
     * and where clusters that name no account live. Default: the first of `accounts`, else 123456789012.
     */
    accountId: accountIdSchema.optional(),
    /** Accounts of the world, with their owners' labels and what deploying the participant role does there. */
    accounts: z.array(accountSchema).max(5000).default([]),
    region: z.string().regex(REGION, "must be an AWS region such as us-west-2").default("us-west-2"),
    healthCheck: healthCheckSchema.default(healthCheckSchema.parse({})),
    timing: timingSchema.default(timingSchema.parse({})),
    controller: controllerSchema.default(controllerSchema.parse({})),
    faults: faultConfigSchema.optional(),
    clusters: z.array(clusterSchema).default([]),
    steps: z.array(stepSchema).default([]),
  })
  .strict()
  .transform(({ accountId, ...scenario }) => ({
    ...scenario,
    accountId: accountId ?? scenario.accounts[0]?.id ?? DEFAULT_ACCOUNT_ID,
  }));

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ClusterSpec = z.output<typeof clusterSchema>;
export type ServiceSpec = z.output<typeof serviceSchema>;
export type DeploymentSpec = z.output<typeof deploymentSchema>;
export type Step = z.output<typeof stepSchema>;
export type AccountSpec = z.output<typeof accountSchema>;
export type RoleSettingSpec = z.output<typeof roleSettingSchema>;
export type HealthCheckSpec = z.output<typeof healthCheckSchema>;
export type TimingSpec = z.output<typeof timingSchema>;
export type SpreadSeconds = z.output<typeof spreadSecondsSchema>;
export type ControllerSpec = z.output<typeof controllerSchema>;
export type HealthCheckFailure = z.output<typeof healthCheckFailureSchema>;
export type FaultConfigSpec = z.output<typeof faultConfigSchema>;
