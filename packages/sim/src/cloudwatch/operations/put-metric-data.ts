import { CloudWatchError, invalidValue, missingParameter, tooMany } from "../errors.ts";
import type { MetricIdentity } from "../metric-store.ts";
import { type MetricDatumRequest, PutMetricDataInput, parseRequest } from "../schemas.ts";
import type { Sample } from "../statistics.ts";
import { checkDimensions, checkLength, checkUnit, finiteDouble, timestampMs } from "../validation.ts";
import type { OperationContext } from "./operation.ts";

/** PutMetricData limits from the API reference. */
export const MAX_PUT_METRIC_DATA_BYTES = 1_048_576;
export const MAX_METRIC_DATA = 1000;
export const MAX_VALUES_PER_DATUM = 150;
/** CloudWatch accepts data up to two weeks old and two hours ahead. */
const MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;
const MAX_AHEAD_MS = 2 * 60 * 60 * 1000;

export function putMetricData(body: string, { ctx, region }: OperationContext): object {
  const bytes = Buffer.byteLength(body, "utf8");
  if (bytes > MAX_PUT_METRIC_DATA_BYTES) {
    throw new CloudWatchError(
      "RequestEntityTooLarge",
      `Request size ${bytes} exceeded ${MAX_PUT_METRIC_DATA_BYTES} bytes`,
      413,
    );
  }
  const input = parseRequest(PutMetricDataInput, body);
  checkLength("Namespace", input.Namespace, 1, 255);
  if (input.Namespace.startsWith("AWS/")) {
    throw invalidValue(
      "Namespace",
      input.Namespace,
      "The namespace prefix AWS/ is reserved for AWS services.",
    );
  }
  if (input.Namespace.startsWith(":")) throw invalidValue("Namespace", input.Namespace);
  if (!input.MetricData && !input.EntityMetricData) throw missingParameter("MetricData");

  const data: Array<{ datum: MetricDatumRequest; path: string }> = [];
  input.MetricData?.forEach((datum, i) => {
    data.push({ datum, path: `MetricData.member.${i + 1}` });
  });
  input.EntityMetricData?.forEach((entity, i) => {
    entity.MetricData?.forEach((datum, j) => {
      data.push({ datum, path: `EntityMetricData.member.${i + 1}.MetricData.member.${j + 1}` });
    });
  });
  if (data.length > MAX_METRIC_DATA) throw tooMany("MetricData", MAX_METRIC_DATA);

  // Everything is validated before anything is stored: AWS rejects a request as a whole.
  const accepted = data.map(({ datum, path }) => toSample(input.Namespace, datum, path, ctx.now));
  for (const { identity, sample } of accepted) {
    if (sample) region.metrics.add(identity, sample, ctx.now);
  }
  return {};
}

function toSample(
  namespace: string,
  datum: MetricDatumRequest,
  path: string,
  now: number,
): { identity: MetricIdentity; sample: Sample | undefined } {
  checkLength(`${path}.MetricName`, datum.MetricName, 1, 255);
  const dimensions = checkDimensions(`${path}.Dimensions`, datum.Dimensions);
  checkUnit(`${path}.Unit`, datum.Unit);
  if (
    datum.StorageResolution !== undefined &&
    datum.StorageResolution !== 1 &&
    datum.StorageResolution !== 60
  ) {
    throw invalidValue(
      `${path}.StorageResolution`,
      String(datum.StorageResolution),
      "Valid values are 1 and 60.",
    );
  }
  const at = datum.Timestamp === undefined ? now : timestampMs(`${path}.Timestamp`, datum.Timestamp);
  if (at < now - MAX_AGE_MS || at > now + MAX_AHEAD_MS) {
    throw invalidValue(
      `${path}.Timestamp`,
      new Date(at).toISOString(),
      "Timestamps must be no more than two weeks in the past and two hours in the future.",
    );
  }
  checkValueCombination(datum, path);
  const identity: MetricIdentity = { namespace, metricName: datum.MetricName, dimensions };
  return { identity, sample: valueSample(datum, path, at, datum.Unit ?? "None") };
}

/** Exactly one of Value, StatisticValues and Values; Counts only with Values. */
function checkValueCombination(datum: MetricDatumRequest, path: string): void {
  const given = (["Value", "StatisticValues", "Values"] as const).filter((k) => datum[k] !== undefined);
  if (given.length > 1) {
    throw new CloudWatchError(
      "InvalidParameterCombination",
      `The parameters ${path}.${given[0]} and ${path}.${given[1]} are mutually exclusive and you have specified both.`,
    );
  }
  if (datum.Counts !== undefined && datum.Values === undefined) {
    throw new CloudWatchError(
      "InvalidParameterCombination",
      `The parameter ${path}.Counts requires ${path}.Values.`,
    );
  }
}

function valueSample(datum: MetricDatumRequest, path: string, at: number, unit: string): Sample | undefined {
  if (datum.Value !== undefined) {
    const value = finiteDouble(`${path}.Value`, datum.Value);
    return { at, unit, count: 1, sum: value, min: value, max: value, values: [[value, 1]] };
  }
  if (datum.StatisticValues !== undefined) return statisticSetSample(datum.StatisticValues, path, at, unit);
  if (datum.Values !== undefined) return valuesSample(datum.Values, datum.Counts, path, at, unit);
  throw new CloudWatchError(
    "InvalidParameterCombination",
    `At least one of the parameters ${path}.Value, ${path}.StatisticValues or ${path}.Values must be specified.`,
  );
}

function statisticSetSample(
  set: NonNullable<MetricDatumRequest["StatisticValues"]>,
  path: string,
  at: number,
  unit: string,
): Sample {
  const count = finiteDouble(`${path}.StatisticValues.SampleCount`, set.SampleCount);
  const sum = finiteDouble(`${path}.StatisticValues.Sum`, set.Sum);
  const min = finiteDouble(`${path}.StatisticValues.Minimum`, set.Minimum);
  const max = finiteDouble(`${path}.StatisticValues.Maximum`, set.Maximum);
  if (!(count > 0))
    throw invalidValue(`${path}.StatisticValues.SampleCount`, String(count), "It must be greater than 0.");
  if (min > max) {
    throw new CloudWatchError(
      "InvalidParameterValue",
      `The parameter ${path}.StatisticValues.Minimum must not be greater than ${path}.StatisticValues.Maximum.`,
    );
  }
  return { at, unit, count, sum, min, max, values: undefined };
}

function valuesSample(
  values: NonNullable<MetricDatumRequest["Values"]>,
  counts: MetricDatumRequest["Counts"],
  path: string,
  at: number,
  unit: string,
): Sample | undefined {
  if (values.length === 0) throw invalidValue(`${path}.Values`, "[]", "It must contain at least one value.");
  if (values.length > MAX_VALUES_PER_DATUM) throw tooMany(`${path}.Values`, MAX_VALUES_PER_DATUM);
  if (counts !== undefined && counts.length !== values.length) {
    throw new CloudWatchError(
      "InvalidParameterValue",
      `The parameters ${path}.Values and ${path}.Counts must be arrays of the same size.`,
    );
  }
  const pairs: Array<readonly [number, number]> = [];
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  values.forEach((raw, i) => {
    const value = finiteDouble(`${path}.Values.member.${i + 1}`, raw);
    const weight = counts ? finiteDouble(`${path}.Counts.member.${i + 1}`, counts[i] as number) : 1;
    if (weight < 0)
      throw invalidValue(`${path}.Counts.member.${i + 1}`, String(weight), "Counts must not be negative.");
    if (weight === 0) return;
    pairs.push([value, weight]);
    count += weight;
    sum += value * weight;
    min = Math.min(min, value);
    max = Math.max(max, value);
  });
  // Values that all occurred zero times carry no data; AWS stores nothing either.
  return count > 0 ? { at, unit, count, sum, min, max, values: pairs } : undefined;
}
