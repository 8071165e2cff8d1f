import { CloudWatchClient, DescribeAlarmsCommand } from "@aws-sdk/client-cloudwatch";
import { createTable } from "@targetwatch/core/adapters/dynamodb";
import { type Simulator, startSimulator, VirtualClock } from "@targetwatch/sim";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { type ApiGatewayServer, startApiGatewayServer } from "../../src/api-gateway/api-gateway-server.ts";

const TOKEN = "a-token-of-the-deployed-api";
const TOPIC = "arn:aws:sns:us-west-2:123456789012:targetwatch-test-Alarms";
const PREFIX = "targetwatch-test/workshop-";

describe("the API Lambda handler, configured as deployed", () => {
  let sim: Simulator;
  let server: ApiGatewayServer;
  const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));

  beforeAll(async () => {
    sim = await startSimulator({ clock: VirtualClock.manual({ start: Date.now() }) });
    const tableName = uniqueTableName("api-handler");
    await createTable(dynamodb, tableName);
    // How SST and the SDK configure it when deployed: links for the table, the token and the
    // alarms' topic, environment variables for the rest.
    vi.stubEnv("SST_RESOURCE_App", JSON.stringify({ name: "targetwatch", stage: "test" }));
    vi.stubEnv("SST_RESOURCE_Table", JSON.stringify({ name: tableName }));
    vi.stubEnv("SST_RESOURCE_ApiToken", JSON.stringify({ value: TOKEN }));
    vi.stubEnv("SST_RESOURCE_Alarms", JSON.stringify({ arn: TOPIC }));
    vi.stubEnv("TARGETWATCH_ALARM_PREFIX", PREFIX);
    vi.stubEnv("TARGETWATCH_REGIONS", "eu-west-1,us-west-2");
    vi.stubEnv("TARGETWATCH_CORS_ORIGINS", "");
    vi.stubEnv("AWS_REGION", "us-west-2");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "test");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
    vi.stubEnv("AWS_ENDPOINT_URL_DYNAMODB", inject("dynamodbEndpoint"));
    vi.stubEnv("AWS_ENDPOINT_URL_CLOUDWATCH", sim.endpoint);
    const { handler } = await import("@targetwatch/functions/handlers/api");
    server = await startApiGatewayServer({ handler, routes: ["$default"] });
  });

  afterAll(async () => {
    await server?.close();
    vi.unstubAllEnvs();
    dynamodb.destroy();
    await sim?.stop();
  });

  const call = (path: string, init: RequestInit = {}, token = TOKEN) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
    });

  it("answers from the linked table, with the linked token, keeping the workshops' alarms", async () => {
    // Act
    const implicit = await call("/workshops/default");
    const refused = await call("/workshops", {}, "not-the-deployed-token");
    const put = await call("/workshops/con301", { method: "PUT", body: JSON.stringify({ name: "CON301" }) });
    const listed = await call("/workshops");
    // Assess
    expect(implicit.status).toBe(200);
    expect(await implicit.json()).toMatchObject({ id: "default", implicit: true, selector: { regions: [] } });
    expect(refused.status).toBe(401);
    expect(put.status).toBe(201);
    const { workshops } = (await listed.json()) as { workshops: { id: string; alarm: unknown }[] };
    expect(workshops.map((w) => [w.id, w.alarm])).toEqual([
      ["con301", { name: `${PREFIX}stuck-con301`, state: "INSUFFICIENT_DATA" }],
    ]);
    const cloudwatch = new CloudWatchClient({ endpoint: sim.endpoint });
    const { MetricAlarms = [] } = await cloudwatch.send(
      new DescribeAlarmsCommand({ AlarmNames: [`${PREFIX}stuck-con301`] }),
    );
    cloudwatch.destroy();
    expect(MetricAlarms.map((a) => a.AlarmActions)).toEqual([[TOPIC]]);
  });
});
