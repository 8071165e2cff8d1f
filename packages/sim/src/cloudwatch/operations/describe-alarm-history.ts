import { HISTORY_ITEM_TYPES, type HistoryItem } from "../alarm-store.ts";
import { invalidValue } from "../errors.ts";
import { DescribeAlarmHistoryInput, parseRequest } from "../schemas.ts";
import { checkLength, resumePosition, timestampMs } from "../validation.ts";
import { encodeToken, toEpochSeconds } from "../wire.ts";
import type { OperationContext } from "./operation.ts";

export const DEFAULT_HISTORY_PAGE = 100;
const ALARM_TYPES = ["MetricAlarm", "CompositeAlarm", "LogAlarm"];

/**
 * History of one alarm or of all (deleted ones included, for 30 days), newest first unless
 * `ScanBy: TimestampAscending`. The token names the last item returned, so items recorded
 * between pages neither repeat nor shift the next page.
 */
export function describeAlarmHistory(body: string, { region }: OperationContext): object {
  const input = parseRequest(DescribeAlarmHistoryInput, body);
  if (input.AlarmName !== undefined) checkLength("AlarmName", input.AlarmName, 1, 255);
  if (input.HistoryItemType !== undefined && !HISTORY_ITEM_TYPES.includes(input.HistoryItemType)) {
    throw invalidValue("HistoryItemType", input.HistoryItemType);
  }
  input.AlarmTypes?.forEach((type, i) => {
    if (!ALARM_TYPES.includes(type)) throw invalidValue(`AlarmTypes.member.${i + 1}`, type);
  });
  const scanBy = input.ScanBy ?? "TimestampDescending";
  if (scanBy !== "TimestampDescending" && scanBy !== "TimestampAscending")
    throw invalidValue("ScanBy", scanBy);
  const maxRecords = input.MaxRecords ?? DEFAULT_HISTORY_PAGE;
  if (!Number.isInteger(maxRecords) || maxRecords < 1 || maxRecords > 100) {
    throw invalidValue("MaxRecords", String(maxRecords), "It must be between 1 and 100.");
  }
  const start = input.StartDate === undefined ? undefined : timestampMs("StartDate", input.StartDate);
  const end = input.EndDate === undefined ? undefined : timestampMs("EndDate", input.EndDate);
  const after = resumePosition("DescribeAlarmHistory", input.NextToken, (position) => {
    const match = typeof position === "string" ? /^(-?\d+):(\d+)$/.exec(position) : null;
    return match ? { timestamp: Number(match[1]), seq: Number(match[2]) } : undefined;
  });

  const descending = scanBy === "TimestampDescending";
  const wantMetricAlarms = input.AlarmTypes === undefined || input.AlarmTypes.includes("MetricAlarm");
  const order = (a: HistoryItem, b: HistoryItem) => a.timestamp - b.timestamp || a.seq - b.seq;
  const items = wantMetricAlarms
    ? region.alarms.history.filter(
        (item) =>
          (input.AlarmName === undefined || item.alarmName === input.AlarmName) &&
          (input.HistoryItemType === undefined || item.type === input.HistoryItemType) &&
          (start === undefined || item.timestamp >= start) &&
          (end === undefined || item.timestamp <= end),
      )
    : [];
  items.sort(descending ? (a, b) => order(b, a) : order);
  let from = 0;
  if (after) {
    const cursor = after;
    const isPast = (item: HistoryItem) => {
      const c = order(item, { ...item, timestamp: cursor.timestamp, seq: cursor.seq });
      return descending ? c < 0 : c > 0;
    };
    from = items.findIndex(isPast);
    if (from < 0) from = items.length;
  }
  const page = items.slice(from, from + maxRecords);
  const last = page[page.length - 1];
  return {
    AlarmHistoryItems: page.map((item) => ({
      AlarmName: item.alarmName,
      AlarmType: "MetricAlarm",
      Timestamp: toEpochSeconds(item.timestamp),
      HistoryItemType: item.type,
      HistorySummary: item.summary,
      HistoryData: item.data,
    })),
    NextToken:
      from + maxRecords < items.length && last
        ? encodeToken("DescribeAlarmHistory", `${last.timestamp}:${last.seq}`)
        : undefined,
  };
}
