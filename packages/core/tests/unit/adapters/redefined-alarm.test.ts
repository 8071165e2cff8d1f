import { describe, expect, it } from "vitest";
import { stuckAlarmDefinition } from "../../../src/adapters/cloudwatch/alarm-definition.ts";
import { redefinedAlarm } from "../../../src/adapters/cloudwatch/stuck-alarm-descriptions.ts";
import { DEFAULT_WORKSHOP } from "../../../src/model/workshop.ts";

describe("an alarm put back with a new description", () => {
  it("keeps the definition it was created with, the description aside", () => {
    // Prepare: what DescribeAlarms answers for an alarm created from the stuck alarm's definition
    const definition = stuckAlarmDefinition(DEFAULT_WORKSHOP, {
      alarmName: "targetwatch-prod/workshop-stuck-default",
      topicArn: "arn:aws:sns:us-west-2:123456789012:targetwatch-prod-Alarms",
    });
    const described = {
      ...definition,
      AlarmArn: "arn:aws:cloudwatch:us-west-2:123456789012:alarm:targetwatch-prod/workshop-stuck-default",
      StateValue: "ALARM" as const,
      InsufficientDataActions: [],
    };
    // Act
    const input = redefinedAlarm(described, "Stuck (1): …");
    // Assess
    expect(input).toEqual({ ...definition, AlarmDescription: "Stuck (1): …", InsufficientDataActions: [] });
  });
});
