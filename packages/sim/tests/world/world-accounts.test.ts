import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { FaultInjector } from "../../src/faults/fault-injector.ts";
import { buildWorld } from "../../src/scenario/build-world.ts";
import { loadScenarioFile, parseScenario } from "../../src/scenario/load.ts";

const START = Date.parse("2026-11-27T09:00:00.000Z");
const at = (seconds: number) => START + seconds * 1000;
const REGION = "us-west-2";

const TWO_ACCOUNTS = `
name: two-accounts
accountId: "111111111111"
clusters:
  - name: monitor-cluster
    deployments: [{ namespace: ui, name: ui }]
    services: [{ namespace: ui, name: ui-nlb, deployment: ui/ui }]
  - name: alice
    account: 222222222222
    deployments: [{ namespace: ui, name: ui }]
    services: [{ namespace: ui, name: ui-nlb, deployment: ui/ui, targetType: ip }]
`;

const IP_CLUSTER = `
    deployments: [{ namespace: ui, name: ui }]
    services: [{ namespace: ui, name: ui-nlb, deployment: ui/ui, targetType: ip }]`;

/** Alice runs two clusters in her account, Bob one in his; the monitor account has none. */
const CONTROLLERS_APART = `
name: controllers-apart
accountId: "111111111111"
clusters:
  - name: alice-a
    account: "222222222222"${IP_CLUSTER}
  - name: alice-b
    account: "222222222222"${IP_CLUSTER}
  - name: bob
    account: "333333333333"${IP_CLUSTER}
`;

describe("a world of several accounts", () => {
  it("gives each account its own load balancers, with the account in every ARN", () => {
    // Prepare
    const w = buildWorld(parseScenario(TWO_ACCOUNTS), START);
    // Act
    const monitor = w.elbAccount("111111111111").loadBalancers(REGION);
    const alice = w.elbAccount("222222222222").loadBalancers(REGION);
    // Assess
    expect(monitor).toHaveLength(1);
    expect(alice).toHaveLength(1);
    expect(monitor[0]?.LoadBalancerArn).toMatch(/^arn:aws:elasticloadbalancing:us-west-2:111111111111:/);
    expect(alice[0]?.LoadBalancerArn).toMatch(/^arn:aws:elasticloadbalancing:us-west-2:222222222222:/);
    expect(w.elbAccount("222222222222").targetGroups(REGION)[0]?.TargetType).toBe("ip");
    expect(w.elbAccount("333333333333").loadBalancers(REGION)).toEqual([]);
    expect(w.loadBalancers(REGION)).toEqual(monitor); // the world's own read model is the monitor's
    expect(w.accountIds()).toEqual(["111111111111", "222222222222"]);
  });

  it("labels every truth event and every cluster of the summary with its account", () => {
    // Prepare
    const w = buildWorld(parseScenario(TWO_ACCOUNTS), START);
    // Act
    w.advanceTo(at(200));
    // Assess
    const accountOf = Object.fromEntries(w.summary().clusters.map((c) => [c.name, c.accountId]));
    expect(accountOf).toEqual({ "monitor-cluster": "111111111111", alice: "222222222222" });
    const truthAccounts = new Set(w.truth().map((event) => `${event.cluster}:${event.accountId}`));
    expect(truthAccounts).toEqual(new Set(["monitor-cluster:111111111111", "alice:222222222222"]));
  });

  it("puts each participant of scenarios/class.yaml in their own account, none in the monitor's", async () => {
    // Prepare
    const w = buildWorld(await loadScenarioFile("scenarios/class.yaml"), START);
    // Act
    w.advanceTo(at(620));
    // Assess
    expect(w.loadBalancers(REGION)).toEqual([]);
    const clusters = w.summary().clusters;
    expect(clusters).toHaveLength(32);
    expect(clusters[0]).toMatchObject({ name: "participant-01", accountId: "210000000001" });
    expect(clusters[31]).toMatchObject({ name: "participant-32", accountId: "210000000032" });
    for (const cluster of clusters) {
      const nlbs = w.elbAccount(cluster.accountId).loadBalancers(REGION);
      expect(nlbs.map((lb) => lb.LoadBalancerName)).toEqual([cluster.services[0]?.loadBalancer.name]);
    }
  });

  it("makes the same names and IDs as one account would: accounts change ARNs only", async () => {
    // Prepare: the class, and the class without its accounts line
    const text = await readFile("scenarios/class.yaml", "utf8");
    const perAccount = buildWorld(parseScenario(text), START);
    const oneAccount = buildWorld(parseScenario(text.replace(/\n +firstAccountId: .*\n/, "\n")), START);
    expect(oneAccount.summary().clusters.every((c) => c.accountId === "111111111111")).toBe(true);
    // Act
    perAccount.advanceTo(at(640));
    oneAccount.advanceTo(at(640));
    // Assess
    const names = (w: typeof perAccount) =>
      w.summary().clusters.map((c) => [c.name, c.services[0]?.loadBalancer.name, c.nodes[0]?.instanceId]);
    expect(names(perAccount)).toEqual(names(oneAccount));
  });

  it("has each account's controller read from that account's Describe* bucket, summed over its clusters", () => {
    // Prepare: at 5 s every pod is ready, registered and initial; each cluster's reconciles made 8 + 1 calls
    const w = buildWorld(parseScenario(CONTROLLERS_APART), START);
    w.advanceTo(at(5));
    const faults = new FaultInjector({ throttle: { ratePerSecond: 1, burst: 10 } }, () => 0, w);
    const describeOnce = (accountId: string) =>
      faults.decide("elbv2", "DescribeTargetHealth", { accountId, region: REGION }).fault ?? "ok";
    // Act
    const polling = ["222222222222", "333333333333", "111111111111"].map((id) =>
      w.describeCallsPerSecond(id, REGION),
    );
    const elsewhere = w.describeCallsPerSecond("222222222222", "eu-west-1");
    const alice = [describeOnce("222222222222")];
    const bob = [describeOnce("333333333333"), describeOnce("333333333333")];
    const monitor = [describeOnce("111111111111")];
    // Assess: Alice's 18 calls empty her bucket of 10, Bob's 9 leave him one token, the monitor's is full
    expect(polling[0]).toBeCloseTo(2 / 15);
    expect(polling[1]).toBeCloseTo(1 / 15);
    expect(polling[2]).toBe(0);
    expect(elsewhere).toBe(0);
    expect(alice).toEqual(["throttle"]);
    expect(bob).toEqual(["ok", "throttle"]);
    expect(monitor).toEqual(["ok"]);
    expect(faults.counters).toMatchObject({ controllerCalls: 27, controllerThrottled: 8 });
  });
});
