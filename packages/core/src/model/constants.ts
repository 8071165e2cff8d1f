/**
 * The names, lists and patterns the rest of targetwatch agrees on, each stated once: the API
 * contract, the adapters, the local tools and infra all import them from here.
 */

/** Tags the AWS Load Balancer Controller writes on every NLB it creates. */
export const CLUSTER_TAG = "elbv2.k8s.aws/cluster";
/** `<namespace>/<service>` of the Kubernetes Service behind the NLB. */
export const STACK_TAG = "service.k8s.aws/stack";

export const DEFAULT_WORKSHOP_ID = "default";
export const DEFAULT_STUCK_THRESHOLD_SECONDS = 300;
export const DEFAULT_RETENTION_DAYS = 30;
/** Burst re-sampling period while targets are transitional; NLB health checks run every 10 s by default. */
export const DEFAULT_BURST_INTERVAL_SECONDS = 5;
/** The collector's schedule: EventBridge runs a sweep every minute. */
export const SWEEP_INTERVAL_SECONDS = 60;
/**
 * How long a sweep may take, burst sampling included: up to a second before the next one. Its
 * burst rounds read on a grid of the burst interval up to the last one before its heartbeats
 * (55 s in), and the next sweep reads at the minute, so a transitional group is read every
 * interval across sweeps too.
 */
export const DEFAULT_SWEEP_BUDGET_SECONDS = SWEEP_INTERVAL_SECONDS - 1;
/**
 * A window wider than this crosses a gap in the observations: one and a half scheduled sweeps,
 * so a single missed or failed sweep (a window of about two intervals) already counts, while
 * a sweep that starts or reads a few seconds late does not.
 */
export const DEFAULT_MAX_SAMPLING_INTERVAL_SECONDS = 1.5 * SWEEP_INTERVAL_SECONDS;

/** Every target state ELBv2 reports, in the order summaries list them. */
export const TARGET_STATES = Object.freeze([
  "initial",
  "healthy",
  "unhealthy",
  "unhealthy.draining",
  "unused",
  "draining",
  "unavailable",
] as const);
export type TargetState = (typeof TARGET_STATES)[number];

/**
 * How an NLB's targets are registered: `mixed` while several target types are attached (during
 * the instance → ip switch); `none` with no target group.
 */
export const MODES = Object.freeze(["instance", "ip", "mixed", "none"] as const);
export type Mode = (typeof MODES)[number];

/** The CloudWatch namespace of the collector's metrics, which the stack's and workshops' alarms watch. */
export const METRICS_NAMESPACE = "TargetWatch";

/** The role targetwatch assumes in a participant account unless the workshop names another. */
export const DEFAULT_PARTICIPANT_ROLE_NAME = "TargetWatchReader";
/** Most participant accounts one workshop may name (a DynamoDB item holds them with room to spare). */
export const MAX_WORKSHOP_ACCOUNTS = 1_000;
/** An AWS account id: exactly 12 digits. */
export const ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;
/** An IAM role name (IAM's own rule: 1–64 of letters, digits and `+=,.@_-`). */
export const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;

/**
 * The header a participant's signed GetCallerIdentity must carry, and sign, naming the workshop
 * it joins (`POST /workshops/{id}/join`): a request made for one workshop is refused by another,
 * as HashiCorp Vault's `X-Vault-AWS-IAM-Server-ID` binds a login to one Vault.
 */
export const JOIN_WORKSHOP_HEADER = "x-targetwatch-workshop";
/** The one STS request a participant may have targetwatch execute: awsQuery's GetCallerIdentity. */
export const GET_CALLER_IDENTITY_BODY = "Action=GetCallerIdentity&Version=2011-06-15";
/** How old a join request's `X-Amz-Date` may be: STS's own limit for a signature. */
export const JOIN_REQUEST_MAX_AGE_SECONDS = 15 * 60;
/** How far ahead of targetwatch's clock a join request's `X-Amz-Date` may be (clock skew). */
export const JOIN_REQUEST_MAX_AHEAD_SECONDS = 5 * 60;

/** An AWS region name such as `us-west-2` or `ap-southeast-1`. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;
