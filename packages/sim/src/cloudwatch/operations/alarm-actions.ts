import { tooMany } from "../errors.ts";
import { AlarmNamesInput, parseRequest } from "../schemas.ts";
import type { OperationContext } from "./operation.ts";

/** EnableAlarmActions / DisableAlarmActions: unknown names are ignored, as in AWS. */
export function setAlarmActionsEnabled(enabled: boolean) {
  return (body: string, { region }: OperationContext): object => {
    const input = parseRequest(AlarmNamesInput, body);
    if (input.AlarmNames.length > 100) throw tooMany("AlarmNames", 100);
    for (const name of input.AlarmNames) {
      const alarm = region.alarms.alarms.get(name);
      if (alarm) alarm.actionsEnabled = enabled;
    }
    return {};
  };
}
