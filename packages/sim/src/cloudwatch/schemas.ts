import { z } from "zod";
import { CloudWatchError, missingParameter } from "./errors.ts";

/*
 * Request shapes as the awsJson1_0 model defines them (see `@aws-sdk/client-cloudwatch`'s schemas).
 * Only structure and JSON types are checked here; ranges, enums and combinations are checked by the
 * operations so they can answer with the codes and wording AWS uses for each.
 */

/** Smithy JSON sends non-finite doubles as the strings "NaN", "Infinity" and "-Infinity". */
const Double = z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]);
/** Epoch seconds from the SDK; ISO-8601 strings are tolerated for hand-written clients. */
const Timestamp = z.union([z.number(), z.string()]);
const StringList = z.array(z.string());

const Dimension = z.object({ Name: z.string(), Value: z.string() });
const DimensionFilter = z.object({ Name: z.string(), Value: z.string().optional() });

const StatisticSet = z.object({ SampleCount: Double, Sum: Double, Minimum: Double, Maximum: Double });

const MetricDatum = z.object({
  MetricName: z.string(),
  Dimensions: z.array(Dimension).optional(),
  Timestamp: Timestamp.optional(),
  Value: Double.optional(),
  StatisticValues: StatisticSet.optional(),
  Values: z.array(Double).optional(),
  Counts: z.array(Double).optional(),
  Unit: z.string().optional(),
  StorageResolution: z.number().optional(),
});

export const PutMetricDataInput = z.object({
  Namespace: z.string(),
  MetricData: z.array(MetricDatum).optional(),
  EntityMetricData: z
    .array(z.object({ Entity: z.unknown().optional(), MetricData: z.array(MetricDatum).optional() }))
    .optional(),
  StrictEntityValidation: z.boolean().optional(),
});

const Metric = z.object({
  Namespace: z.string().optional(),
  MetricName: z.string().optional(),
  Dimensions: z.array(Dimension).optional(),
});

const MetricStat = z.object({
  Metric: Metric,
  Period: z.number(),
  Stat: z.string(),
  Unit: z.string().optional(),
});

const MetricDataQuery = z.object({
  Id: z.string(),
  MetricStat: MetricStat.optional(),
  Expression: z.string().optional(),
  Label: z.string().optional(),
  ReturnData: z.boolean().optional(),
  Period: z.number().optional(),
  AccountId: z.string().optional(),
});

export const GetMetricDataInput = z.object({
  MetricDataQueries: z.array(MetricDataQuery),
  StartTime: Timestamp,
  EndTime: Timestamp,
  NextToken: z.string().optional(),
  ScanBy: z.string().optional(),
  MaxDatapoints: z.number().optional(),
  LabelOptions: z.object({ Timezone: z.string().optional() }).optional(),
});

export const ListMetricsInput = z.object({
  Namespace: z.string().optional(),
  MetricName: z.string().optional(),
  Dimensions: z.array(DimensionFilter).optional(),
  NextToken: z.string().optional(),
  RecentlyActive: z.string().optional(),
  IncludeLinkedAccounts: z.boolean().optional(),
  OwningAccount: z.string().optional(),
});

export const PutMetricAlarmInput = z.object({
  AlarmName: z.string(),
  AlarmDescription: z.string().optional(),
  ActionsEnabled: z.boolean().optional(),
  OKActions: StringList.optional(),
  AlarmActions: StringList.optional(),
  InsufficientDataActions: StringList.optional(),
  MetricName: z.string().optional(),
  Namespace: z.string().optional(),
  Statistic: z.string().optional(),
  ExtendedStatistic: z.string().optional(),
  Dimensions: z.array(Dimension).optional(),
  Period: z.number().optional(),
  Unit: z.string().optional(),
  EvaluationPeriods: z.number().optional(),
  DatapointsToAlarm: z.number().optional(),
  Threshold: Double.optional(),
  ComparisonOperator: z.string().optional(),
  TreatMissingData: z.string().optional(),
  EvaluateLowSampleCountPercentile: z.string().optional(),
  Metrics: z.array(MetricDataQuery).optional(),
  Tags: z.array(z.object({ Key: z.string(), Value: z.string() })).optional(),
  ThresholdMetricId: z.string().optional(),
  EvaluationWindow: z.unknown().optional(),
  WarmUpConfiguration: z.unknown().optional(),
  EvaluationCriteria: z.unknown().optional(),
  EvaluationInterval: z.number().optional(),
  ActionConfiguration: z.unknown().optional(),
});

export const DescribeAlarmsInput = z.object({
  AlarmNames: StringList.optional(),
  AlarmNamePrefix: z.string().optional(),
  AlarmTypes: StringList.optional(),
  ChildrenOfAlarmName: z.string().optional(),
  ParentsOfAlarmName: z.string().optional(),
  StateValue: z.string().optional(),
  ActionPrefix: z.string().optional(),
  MaxRecords: z.number().optional(),
  NextToken: z.string().optional(),
});

export const DeleteAlarmsInput = z.object({ AlarmNames: StringList });
/** EnableAlarmActions and DisableAlarmActions. */
export const AlarmNamesInput = z.object({ AlarmNames: StringList });

export const SetAlarmStateInput = z.object({
  AlarmName: z.string(),
  StateValue: z.string(),
  StateReason: z.string(),
  StateReasonData: z.string().optional(),
});

export const DescribeAlarmHistoryInput = z.object({
  AlarmName: z.string().optional(),
  AlarmContributorId: z.string().optional(),
  AlarmTypes: StringList.optional(),
  HistoryItemType: z.string().optional(),
  StartDate: Timestamp.optional(),
  EndDate: Timestamp.optional(),
  MaxRecords: z.number().optional(),
  NextToken: z.string().optional(),
  ScanBy: z.string().optional(),
});

export const ListTagsForResourceInput = z.object({ ResourceARN: z.string() });

export type PutMetricDataRequest = z.infer<typeof PutMetricDataInput>;
export type MetricDatumRequest = z.infer<typeof MetricDatum>;
export type DimensionRequest = z.infer<typeof Dimension>;
export type DoubleRequest = z.infer<typeof Double>;
export type TimestampRequest = z.infer<typeof Timestamp>;
export type MetricDataQueryRequest = z.infer<typeof MetricDataQuery>;
export type GetMetricDataRequest = z.infer<typeof GetMetricDataInput>;
export type PutMetricAlarmRequest = z.infer<typeof PutMetricAlarmInput>;

/**
 * Parses an awsJson1_0 body against `schema`. Broken JSON or a member of the wrong JSON type is
 * a `SerializationException` (what AWS's JSON front end answers); a missing required member is
 * `MissingParameter`, named with the query-style path (`MetricData.member.1.MetricName`) that
 * CloudWatch's messages use.
 */
export function parseRequest<T extends z.ZodType>(schema: T, body: string): z.infer<T> {
  let json: unknown;
  try {
    json = body.trim() === "" ? {} : JSON.parse(body);
  } catch {
    const hint = body.startsWith("\u001f")
      ? " (a gzip-compressed body must be decompressed before it reaches the handler)"
      : "";
    throw new CloudWatchError("SerializationException", `Request body is not valid JSON${hint}.`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new CloudWatchError("SerializationException", "Request body must be a JSON object.");
  }
  const result = schema.safeParse(withoutNulls(json), { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = queryPath(issue?.path ?? []);
  // Nulls were stripped above, so an undefined input is a member the request left out.
  if (issue?.code === "invalid_type" && issue.input === undefined) throw missingParameter(path);
  throw new CloudWatchError(
    "SerializationException",
    `Cannot deserialize ${path || "request"}: ${issue?.message ?? "unexpected value"}.`,
  );
}

/** `["MetricData", 0, "Dimensions", 2, "Name"]` → `MetricData.member.1.Dimensions.member.3.Name`. */
export function queryPath(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === "number" ? `member.${part + 1}` : String(part))).join(".");
}

/** JSON clients may send `null` for an absent member; AWS treats both alike. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== null) out[key] = withoutNulls(member);
  }
  return out;
}
