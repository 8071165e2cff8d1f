import { ALARM_STATES, type AlarmStateValue } from "../alarm-evaluator.ts";
import { CloudWatchError, invalidValue } from "../errors.ts";
import { parseRequest, SetAlarmStateInput } from "../schemas.ts";
import { checkLength } from "../validation.ts";
import type { OperationContext } from "./operation.ts";

/**
 * Forces a state, as AWS does for testing actions: the change is recorded and the new state's
 * actions run; the next evaluation (at the next whole minute) may move the alarm back.
 */
export function setAlarmState(body: string, { ctx, region, notify }: OperationContext): object {
  const input = parseRequest(SetAlarmStateInput, body);
  checkLength("StateReason", input.StateReason, 0, 1023);
  if (!(ALARM_STATES as readonly string[]).includes(input.StateValue))
    throw invalidValue("StateValue", input.StateValue);
  if (input.StateReasonData !== undefined) {
    checkLength("StateReasonData", input.StateReasonData, 0, 4000);
    try {
      JSON.parse(input.StateReasonData);
    } catch {
      throw new CloudWatchError("InvalidFormat", "StateReasonData is not valid JSON.");
    }
  }
  const alarm = region.alarms.alarms.get(input.AlarmName);
  if (!alarm) throw new CloudWatchError("ResourceNotFound", `Alarm ${input.AlarmName} does not exist.`);
  const state = input.StateValue as AlarmStateValue;
  if (state === alarm.stateValue) {
    alarm.stateReason = input.StateReason;
    alarm.stateReasonData = input.StateReasonData;
    alarm.stateUpdatedAt = ctx.now;
    return {};
  }
  notify(region.alarms.transition(alarm, state, input.StateReason, input.StateReasonData, ctx.now));
  return {};
}
