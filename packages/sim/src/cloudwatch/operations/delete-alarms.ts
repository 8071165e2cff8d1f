import { CloudWatchError, tooMany } from "../errors.ts";
import { DeleteAlarmsInput, parseRequest } from "../schemas.ts";
import type { OperationContext } from "./operation.ts";

export const MAX_DELETE_ALARMS = 100;

/** All or nothing, as AWS documents: one unknown name fails the call with `ResourceNotFound` and nothing is deleted. */
export function deleteAlarms(body: string, { ctx, region }: OperationContext): object {
  const input = parseRequest(DeleteAlarmsInput, body);
  if (input.AlarmNames.length > MAX_DELETE_ALARMS) throw tooMany("AlarmNames", MAX_DELETE_ALARMS);
  const unknown = input.AlarmNames.filter((name) => !region.alarms.alarms.has(name));
  if (unknown.length > 0) {
    throw new CloudWatchError(
      "ResourceNotFound",
      `The following alarms were not found: [${unknown.join(", ")}]`,
    );
  }
  for (const name of new Set(input.AlarmNames)) region.alarms.delete(name, ctx.now);
  return {};
}
