import { invalidValue, tooMany } from "../errors.ts";
import { ListMetricsInput, parseRequest } from "../schemas.ts";
import { checkLength, keyPosition, resumePosition } from "../validation.ts";
import { encodeToken } from "../wire.ts";
import type { OperationContext } from "./operation.ts";

/** ListMetrics returns up to 500 metrics per call. */
export const LIST_METRICS_PAGE_SIZE = 500;
const RECENTLY_ACTIVE_MS = 3 * 60 * 60 * 1000;

/** Metrics appear as soon as data is put (AWS can take up to 15 minutes) and vanish with their last sample. */
export function listMetrics(body: string, { ctx, region }: OperationContext): object {
  const input = parseRequest(ListMetricsInput, body);
  if (input.Namespace !== undefined) checkLength("Namespace", input.Namespace, 1, 255);
  if (input.MetricName !== undefined) checkLength("MetricName", input.MetricName, 1, 255);
  if (input.Dimensions && input.Dimensions.length > 10) throw tooMany("Dimensions", 10);
  input.Dimensions?.forEach((d, i) => {
    checkLength(`Dimensions.member.${i + 1}.Name`, d.Name, 1, 255);
    if (d.Value !== undefined) checkLength(`Dimensions.member.${i + 1}.Value`, d.Value, 1, 1024);
  });
  if (input.RecentlyActive !== undefined && input.RecentlyActive !== "PT3H") {
    throw invalidValue("RecentlyActive", input.RecentlyActive, "The only valid value is PT3H.");
  }
  const after = resumePosition("ListMetrics", input.NextToken, keyPosition);
  const found = region.metrics.list(
    {
      namespace: input.Namespace,
      metricName: input.MetricName,
      dimensions: input.Dimensions,
      activeSince: input.RecentlyActive ? ctx.now - RECENTLY_ACTIVE_MS : undefined,
    },
    after,
    LIST_METRICS_PAGE_SIZE + 1,
  );
  const page = found.slice(0, LIST_METRICS_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    Metrics: page.map((m) => ({
      Namespace: m.namespace,
      MetricName: m.metricName,
      Dimensions: m.dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
    })),
    NextToken:
      found.length > LIST_METRICS_PAGE_SIZE && last ? encodeToken("ListMetrics", last.key) : undefined,
  };
}
