import { type CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { createTable } from "@targetwatch/core";
import type { Simulator } from "@targetwatch/sim";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import { cloudWatchClientFor, startEmptySimulator } from "@targetwatch/testing/sim";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type LocalApi, startLocalApi } from "../../src/local-api.ts";

const TOPIC = "arn:aws:sns:us-west-2:123456789012:targetwatch-test-Alarms";
const PREFIX = "targetwatch-test/workshop-";

describe("workshop alarms through the API", () => {
  let sim: Simulator;
  let api: LocalApi;
  let cloudwatch: CloudWatchClient;
  const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${api.token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  const alarmNames = async () =>
    ((await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: PREFIX }))).MetricAlarms ?? []).map(
      (a) => a.AlarmName,
    );

  beforeAll(async () => {
    sim = await startEmptySimulator();
    cloudwatch = cloudWatchClientFor(sim, { maxAttempts: 2 });
    const tableName = uniqueTableName("alarms-api");
    await createTable(dynamodb, tableName);
    api = await startLocalApi({
      dynamodb,
      tableName,
      cloudwatch,
      alarmPrefix: PREFIX,
      alarmTopicArn: TOPIC,
      workshopCacheMs: 0,
      logLevel: "SILENT",
    });
  });
  afterAll(async () => {
    await api.close();
    cloudwatch.destroy();
    dynamodb.destroy();
    await sim.stop();
  });

  it("creates the workshop's alarm with the workshop, reports its state, and deletes it with the workshop", async () => {
    // Act
    const created = await call("PUT", "/workshops/con301", { name: "CON301", stuckThresholdSeconds: 240 });
    const listed = await call("GET", "/workshops");
    const namesAfterPut = await alarmNames();
    const deleted = await call("DELETE", "/workshops/con301");
    // Assess
    expect(created.status).toBe(201);
    expect(created.body?.alarm).toEqual({ name: `${PREFIX}stuck-con301`, state: "INSUFFICIENT_DATA" });
    expect(listed.body).toMatchObject({
      workshops: [{ id: "con301", alarm: { name: `${PREFIX}stuck-con301`, state: "INSUFFICIENT_DATA" } }],
    });
    expect(namesAfterPut).toEqual([`${PREFIX}stuck-con301`]);
    expect(deleted.status).toBe(204);
    expect(await alarmNames()).toEqual([]);
  });

  it("changes nothing and answers 502 when CloudWatch refuses the alarm", async () => {
    // Prepare
    sim.faults.configure({ actions: { PutMetricAlarm: { errorRate: 1 } } });
    // Act
    const refused = await call("PUT", "/workshops/con302", { name: "CON302" });
    sim.faults.configure({});
    const after = await call("GET", "/workshops/con302");
    // Assess
    expect(refused.status).toBe(502);
    expect(refused.body).toMatchObject({ error: { code: "AlarmUpdateFailed" } });
    expect(after.status).toBe(404);
  });

  it("still answers reads when CloudWatch is down, with the alarm state UNKNOWN", async () => {
    await call("PUT", "/workshops/con303", { name: "CON303" });
    sim.faults.configure({ actions: { DescribeAlarms: { errorRate: 1 } } });
    const read = await call("GET", "/workshops/con303");
    sim.faults.configure({});
    expect(read.status).toBe(200);
    expect(read.body?.alarm).toEqual({ name: `${PREFIX}stuck-con303`, state: "UNKNOWN" });
  });
});
