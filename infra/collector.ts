import { DEFAULT_SWEEP_BUDGET_SECONDS, METRICS_NAMESPACE } from "@targetwatch/core/model";
import { COLLECTOR_NODE_OPTIONS } from "@targetwatch/functions/definitions";
import { arn, iamArnInAnyAccount, lambdaBase } from "./lambda.ts";
import {
  ELB_DESCRIBE_ACTIONS,
  PARTICIPANT_ROLE_NAMES_SETTING,
  participantRoleNames,
} from "./participant-access.ts";
import { deploySetting, passDeploySetting, workshopAlarmPrefix } from "./settings.ts";
import { table, tableAccess } from "./storage.ts";

/**
 * The collector's sweep budget (TARGETWATCH_SWEEP_BUDGET_SECONDS): how long one invocation may
 * keep burst-sampling transitional targets. It must end before the next minute's sweep starts.
 */
const SWEEP_BUDGET_SECONDS = DEFAULT_SWEEP_BUDGET_SECONDS;

/**
 * The table actions of a sweep: it reads workshops and NLB states (Query), heartbeats and NLB
 * versions (GetItem), and writes NLB states (Put, or Delete when the NLB is gone, in one
 * TransactWriteItems with the NLB's transitions, which IAM authorises item by item), overflow
 * transitions and heartbeats (PutItem). Nothing it runs updates in place or checks a condition
 * on another item (UpdateItem, ConditionCheckItem), or batch-reads (BatchGetItem).
 */
export const COLLECTOR_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:Query",
  "dynamodb:PutItem",
  "dynamodb:DeleteItem",
];

/**
 * The roles the collector may assume in participant accounts (TARGETWATCH_PARTICIPANT_ROLE_NAMES,
 * default the participant template's `TargetWatchReader`): its AssumeRole permission names exactly
 * these, and the API refuses a workshop naming another.
 */
export const participantRoles = participantRoleNames(deploySetting(PARTICIPANT_ROLE_NAMES_SETTING));

/**
 * What the collector does to the workshops' stuck alarms: read them and put each back with a
 * description naming who is stuck. Creating and deleting them is the API's and the stack's.
 */
export const COLLECTOR_ALARM_ACTIONS = ["cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm"];

const base = lambdaBase("collector");

/**
 * The collector: one sweep of every workshop NLB per invocation, then burst re-sampling of the
 * target groups whose targets are still transitional, within the sweep budget.
 *
 * - Timeout 90 s: the 59 s budget bounds the burst loop, but the last burst round, the DynamoDB
 *   writes and PutMetricData still run after it, and a throttled ELBv2 API (the SDK retries with
 *   backoff, 10 s request timeouts) stretches a sweep; 90 s leaves that room. A sweep that runs
 *   into the next minute only delays that minute's sweep: reserved concurrency holds it back.
 * - Memory 512 MB: the 1,000-NLB benchmark peaks at about 145 MB RSS (docs/benchmarks.md), but
 *   COLLECTOR_NODE_OPTIONS lets V8's old space alone grow to 256 MB, so the function needs more
 *   than that plus Node's own ~50 MB or a large sweep is killed by Lambda before V8 collects.
 *   Lambda also allots CPU in proportion to memory (one vCPU at 1,769 MB): 512 MB gives the
 *   SDK's response parsing and the diff about 0.3 vCPU instead of 0.15.
 * - Reserved concurrency 1: two sweeps at once would race on the same snapshot items (the store
 *   guards writes with conditions, but the second sweep would only waste ELBv2 API quota).
 * - No async retries, and an event older than a minute is dropped: if a sweep is still running
 *   when the next minute fires, the queued event would start a stale sweep; the next minute's
 *   schedule brings a fresh one anyway.
 */
export const collector = new sst.aws.Function("Collector", {
  name: base.name,
  description: "targetwatch: sweeps workshop NLBs' target health into DynamoDB and CloudWatch",
  handler: "packages/functions/src/collector/handler.handler",
  runtime: base.runtime,
  architecture: base.architecture,
  memory: "512 MB",
  timeout: "90 seconds",
  logging: base.logging,
  nodejs: base.nodejs,
  concurrency: { reserved: 1 },
  retries: 0,
  link: [table],
  environment: {
    // The regions to watch (comma-separated); by default the region the stage is deployed to.
    ...passDeploySetting("TARGETWATCH_REGIONS"),
    TARGETWATCH_BURST_INTERVAL_SECONDS: "5",
    TARGETWATCH_SWEEP_BUDGET_SECONDS: String(SWEEP_BUDGET_SECONDS),
    // The collector's own defaults: half the refill and an eighth of ELBv2's default Describe*
    // bucket (10/s burst 40 per account and region), which the participants' Load Balancer
    // Controllers draw from too. An account with a raised quota can set more at deploy time
    // (docs/collector.md).
    TARGETWATCH_ELB_MAX_RPS: deploySetting("TARGETWATCH_ELB_MAX_RPS") ?? "5",
    TARGETWATCH_ELB_BURST: deploySetting("TARGETWATCH_ELB_BURST") ?? "5",
    NODE_OPTIONS: COLLECTOR_NODE_OPTIONS.join(" "),
    [PARTICIPANT_ROLE_NAMES_SETTING]: participantRoles.join(","),
    // The workshops' alarms, whose descriptions the collector keeps naming who is stuck.
    TARGETWATCH_ALARM_PREFIX: workshopAlarmPrefix,
  },
  permissions: [
    { actions: ELB_DESCRIBE_ACTIONS, resources: ["*"] },
    {
      // Participant accounts join during an event, so the account is `*`; the role name is not.
      // Each participant role's trust policy (infra/participant-role.yaml) admits only this
      // collector's role, with the workshop's external id.
      actions: ["sts:AssumeRole"],
      resources: participantRoles.map((name) => iamArnInAnyAccount(`role/${name}`)),
    },
    {
      // PutMetricData has no resource-level permissions either; the namespace condition keeps
      // the collector from writing into any other application's metrics.
      actions: ["cloudwatch:PutMetricData"],
      resources: ["*"],
      conditions: [{ test: "StringEquals", variable: "cloudwatch:namespace", values: [METRICS_NAMESPACE] }],
    },
    // Alarm ARNs as resources: only this stage's workshop alarms.
    { actions: COLLECTOR_ALARM_ACTIONS, resources: [arn("cloudwatch", `alarm:${workshopAlarmPrefix}*`)] },
    tableAccess(COLLECTOR_TABLE_ACTIONS),
    base.logPermission,
  ],
  transform: {
    role: base.roleTransform,
    eventInvokeConfig: { maximumEventAgeInSeconds: 60 },
  },
});

/**
 * The collector's role, which every participant role trusts: `sst deploy` outputs its ARN
 * (`collectorRoleArn`) for the participant template, and the API returns it with each workshop.
 */
export const collectorRoleArn = collector.nodes.role.arn;

/** EventBridge Scheduler fires at most once a minute; burst sampling times transitions to seconds. */
export const collectorSchedule = new sst.aws.CronV2("CollectorSchedule", {
  schedule: "rate(1 minute)",
  function: collector,
});
