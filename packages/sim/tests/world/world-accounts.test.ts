import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
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
});
