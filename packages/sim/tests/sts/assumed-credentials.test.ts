import { CloudWatchClient, ListMetricsCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  DescribeLoadBalancersCommand,
  ElasticLoadBalancingV2Client,
} from "@aws-sdk/client-elastic-load-balancing-v2";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALICE,
  CAROL,
  EXTERNAL_ID,
  MONITOR,
  REGION,
  STATIC_CREDENTIALS,
  type StsRig,
  startStsRig,
} from "./rig.ts";

/** What the collector does: a client per participant account whose credentials come from AssumeRole. */
describe("clients whose credentials come from AssumeRole (fromTemporaryCredentials)", () => {
  let rig: StsRig;
  const clients: { destroy(): void }[] = [];

  beforeAll(async () => {
    rig = await startStsRig();
    await rig.deployParticipantRole();
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await rig.close();
  });

  function assumedCredentials(accountId: string, externalId = EXTERNAL_ID) {
    return fromTemporaryCredentials({
      params: {
        RoleArn: `arn:aws:iam::${accountId}:role/TargetWatchReader`,
        RoleSessionName: "targetwatch-collector",
        ExternalId: externalId,
      },
      masterCredentials: STATIC_CREDENTIALS,
      clientConfig: { region: REGION, endpoint: rig.sim.endpoint },
    });
  }

  function elbv2(accountId: string, externalId?: string): ElasticLoadBalancingV2Client {
    const client = new ElasticLoadBalancingV2Client({
      region: REGION,
      endpoint: rig.sim.endpoint,
      credentials: assumedCredentials(accountId, externalId),
      maxAttempts: 1,
    });
    clients.push(client);
    return client;
  }

  it("sees exactly the load balancers of the account whose role it assumed", async () => {
    // Act
    const { LoadBalancers = [] } = await elbv2(ALICE).send(new DescribeLoadBalancersCommand({}));
    // Assess
    const truth = rig.sim.world.elbAccount(ALICE).loadBalancers(REGION);
    expect(LoadBalancers.map((lb) => lb.LoadBalancerArn)).toEqual(truth.map((lb) => lb.LoadBalancerArn));
    expect(LoadBalancers[0]?.LoadBalancerArn).toContain(`:${ALICE}:loadbalancer/net/k8s-ui-uinlb-`);
  });

  it("fails with AccessDenied for a participant whose role has another external id", async () => {
    const error = await elbv2(CAROL)
      .send(new DescribeLoadBalancersCommand({}))
      .catch((e: unknown) => e as Error);
    expect((error as Error).name).toBe("AccessDenied");
  });

  it("writes CloudWatch metrics into the assumed account, not the monitor's", async () => {
    // Prepare: a body over 10 KB, which the SDK gzips before signing
    const cloudwatch = new CloudWatchClient({
      region: REGION,
      endpoint: rig.sim.endpoint,
      credentials: assumedCredentials(ALICE),
    });
    clients.push(cloudwatch);
    const data = Array.from({ length: 400 }, (_, i) => ({
      MetricName: "Probe",
      Dimensions: [{ Name: "Index", Value: `value-number-${i}` }],
      Value: i,
    }));
    // Act
    for (let i = 0; i < data.length; i += 200)
      await cloudwatch.send(
        new PutMetricDataCommand({ Namespace: "Participant", MetricData: data.slice(i, i + 200) }),
      );
    const inAlice = await cloudwatch.send(new ListMetricsCommand({ Namespace: "Participant" }));
    // Assess
    expect(inAlice.Metrics?.length).toBeGreaterThan(0);
    const monitor = new CloudWatchClient({
      region: REGION,
      endpoint: rig.sim.endpoint,
      credentials: STATIC_CREDENTIALS,
    });
    clients.push(monitor);
    const inMonitor = await monitor.send(new ListMetricsCommand({ Namespace: "Participant" }));
    expect(inMonitor.Metrics ?? []).toEqual([]);
    expect(rig.sim.accounts.directory.monitorId).toBe(MONITOR);
  });
});
