import { CloudWatchError } from "../errors.ts";
import { ListTagsForResourceInput, parseRequest } from "../schemas.ts";
import type { OperationContext } from "./operation.ts";

export function listTagsForResource(body: string, { region }: OperationContext): object {
  const input = parseRequest(ListTagsForResourceInput, body);
  const name = /^arn:aws:cloudwatch:[^:]*:[^:]*:alarm:(.+)$/.exec(input.ResourceARN)?.[1];
  const alarm = name === undefined ? undefined : region.alarms.alarms.get(name);
  if (!alarm || alarm.arn !== input.ResourceARN) {
    throw new CloudWatchError(
      "ResourceNotFoundException",
      `The resource ${input.ResourceARN} does not exist.`,
    );
  }
  return { Tags: alarm.tags };
}
