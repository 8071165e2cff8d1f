import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Simulator } from "@targetwatch/sim";
import { createTestDynamoDbClient, uniqueTableName } from "@targetwatch/testing/dynamodb";
import { elbv2ClientFor, SIM_REGION, startScenarioFile, WORKSHOP_START } from "@targetwatch/testing/sim";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTable, DynamoWorkshopStore } from "../../../src/adapters/dynamodb/index.ts";
import { steppedClock } from "../../../src/collector/clocks.ts";
import { type Collector, createCollector } from "../../../src/collector/create-collector.ts";
import type { SweepSummary } from "../../../src/collector/sweep.ts";
import type { SweepHeartbeat } from "../../../src/ports/index.ts";
import { WorkshopQueries } from "../../../src/queries/workshop-queries.ts";
import { accountOfArn } from "../../../src/rules/index.ts";

/** scenarios/class.yaml: participant-NN in account 2100000000NN; 07 never deployed the role, 13 pasted another external id. */
const ACCOUNTS = Array.from({ length: 32 }, (_, i) => `2100000000${String(i + 1).padStart(2, "0")}`);
const ROLE_MISSING = "210000000007";
const WRONG_EXTERNAL_ID = "210000000013";
const WORKING = ACCOUNTS.filter((a) => a !== ROLE_MISSING && a !== WRONG_EXTERNAL_ID);
const WORKSHOP = "class";

/**
 * The collector with real SDK clients against the simulator serving the class: each account read
 * through the role the participant template created there, assumed with the workshop's external
 * id from the simulator's STS, found through AWS_ENDPOINT_URL_STS as on a deployment.
 */
describe("a class whose participants each have their own AWS account", () => {
  let sim: Simulator;
  const clients: { destroy(): void }[] = [];
  const env = { ...process.env };
  let store: DynamoWorkshopStore;
  let collector: Collector;
  const summaries: SweepSummary[] = [];
  let heartbeat: SweepHeartbeat | undefined;

  beforeAll(async () => {
    sim = await startScenarioFile("class.yaml");
    // Every participant has started (the last one at 10m20s) and switched to ip mode or is switching.
    sim.clock.advanceTo(WORKSHOP_START + 12 * 60_000);
    sim.advance(0);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_STS: sim.endpoint,
      AWS_ACCESS_KEY_ID: "test",
      AWS_SECRET_ACCESS_KEY: "test",
    });
    const dynamodb = createTestDynamoDbClient(inject("dynamodbEndpoint"));
    clients.push(dynamodb);
    const tableName = uniqueTableName("accounts");
    await createTable(dynamodb, tableName);
    store = new DynamoWorkshopStore({ client: DynamoDBDocumentClient.from(dynamodb), tableName });
    const api = new WorkshopQueries({
      store,
      defaultRegions: [SIM_REGION],
      tokenSecret: "t",
      workshopCacheMs: 0,
    });
    const { workshop } = await api.putWorkshop({
      id: WORKSHOP,
      name: "Class",
      selector: { tags: [], regions: [] },
      stuckThresholdSeconds: 300,
      retentionDays: 1,
      accounts: ACCOUNTS.map((accountId, i) => ({ accountId, label: `participant-${i + 1}` })),
    });
    // The participant template, deployed into every account with the workshop's external id.
    const deployed = await fetch(`${sim.endpoint}/_sim/accounts/role`, {
      method: "PUT",
      body: JSON.stringify({ externalId: workshop.externalId }),
    });
    expect(deployed.status).toBe(200);
    const own = elbv2ClientFor(sim);
    clients.push(own);
    collector = createCollector({
      tableName,
      regions: [SIM_REGION],
      clock: steppedClock(
        () => sim.clock.now(),
        (ms) => sim.advance(ms / 1000),
      ),
      dynamodb,
      elbv2ClientFor: () => own,
      accountElbv2ClientFor: (region, credentials) => {
        const client = new ElasticLoadBalancingV2Client({ region, endpoint: sim.endpoint, credentials });
        clients.push(client);
        return client;
      },
      burstIntervalSeconds: 0,
    });
    summaries.push(await collector.sweep(sim.clock.now() + 50_000));
    heartbeat = await store.getHeartbeat(WORKSHOP);
  }, 60_000);

  afterAll(async () => {
    process.env = env;
    for (const client of clients) client.destroy();
    await sim.stop();
  });

  it("reads the 30 working accounts, each NLB in its own account", async () => {
    const states = await store.loadNlbStates(WORKSHOP);
    const truth = WORKING.flatMap((a) => sim.world.elbAccount(a).loadBalancers(SIM_REGION));
    expect(truth.length).toBeGreaterThanOrEqual(30);
    expect([...states.keys()].sort()).toEqual(truth.map((lb) => lb.LoadBalancerArn).sort());
    expect(new Set([...states.keys()].map(accountOfArn))).toEqual(new Set(WORKING));
  });

  it("reports 30 accounts ok with their NLBs, and the two broken ones as roleNotAssumable", () => {
    const statuses = heartbeat?.accounts ?? {};
    expect(Object.keys(statuses).sort()).toEqual(ACCOUNTS);
    for (const account of WORKING) {
      const truth = sim.world.elbAccount(account).loadBalancers(SIM_REGION).length;
      expect(statuses[account], account).toEqual({
        status: "ok",
        lastSweptAt: heartbeat?.at,
        loadBalancers: truth,
      });
    }
    for (const account of [ROLE_MISSING, WRONG_EXTERNAL_ID]) {
      // They have NLBs; the collector just cannot see them.
      expect(sim.world.elbAccount(account).loadBalancers(SIM_REGION).length).toBeGreaterThan(0);
      expect(statuses[account]).toEqual({
        status: "roleNotAssumable",
        message: expect.stringContaining("AccessDenied"),
        loadBalancers: 0,
      });
    }
  });

  it("records each working participant's walkthrough, in their own account", async () => {
    const transitions = await store.listTransitions(WORKSHOP, { limit: 1000 });
    const appeared = transitions.filter((t) => t.kind === "loadBalancer" && t.to === "present");
    expect(new Set(appeared.map((t) => accountOfArn(t.loadBalancerArn)))).toEqual(new Set(WORKING));
    const targets = transitions.filter((t) => t.kind === "target");
    expect(new Set(targets.map((t) => accountOfArn(t.loadBalancerArn)))).toEqual(new Set(WORKING));
  });

  it("tells only the broken accounts' failures, nothing about anyone else", () => {
    const [first] = summaries;
    expect(first?.errors).toHaveLength(2);
    expect(first?.errors.join("\n")).toContain(`account ${ROLE_MISSING} in ${SIM_REGION}`);
    expect(first?.errors.join("\n")).toContain(`account ${WRONG_EXTERNAL_ID} in ${SIM_REGION}`);
    expect(first?.incomplete).toEqual([]);
  });

  it("assumes each role once while its credentials are good, asking again only where STS refused", async () => {
    const before = collector.stats().assumeRoleCalls;
    summaries.push(await collector.sweep(sim.clock.now() + 50_000));
    expect(before).toBe(ACCOUNTS.length);
    expect(collector.stats().assumeRoleCalls - before).toBe(2);
  });
});
