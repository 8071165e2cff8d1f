import type { SweepSummary } from "@targetwatch/core/collector";
import { loadScenarioFile } from "@targetwatch/sim";
import { scenarioPath } from "@targetwatch/testing/sim";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type LocalStack, startLocalStack } from "../../src/local-stack.ts";
import { pause } from "./cli-process.ts";

const ACCOUNTS = Array.from({ length: 32 }, (_, i) => `2100000000${String(i + 1).padStart(2, "0")}`);
const BROKEN = ["210000000007", "210000000013"];
const WORKING = ACCOUNTS.filter((a) => !BROKEN.includes(a));
/**
 * Simulated seconds per real second: a sweep's 50 simulated seconds are 12.5 real ones, and a
 * DynamoDB request has more than a real second before the store counts as unavailable, time
 * enough to assume 32 roles and read 32 accounts on a busy machine.
 */
const SPEED = 4;

/**
 * The local stack on scenarios/class.yaml, as `npm start --scenario scenarios/class.yaml` runs it
 * (in process, on the test run's DynamoDB Local): the class workshop made from the scenario's
 * accounts, the participant role deployed with its external id, the collector reading each
 * account through the simulator's STS.
 */
describe("the local stack with a class of participant accounts", () => {
  let stack: LocalStack;
  const env = { ...process.env };
  const sweeps: SweepSummary[] = [];

  beforeAll(async () => {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_DYNAMODB: inject("dynamodbEndpoint"),
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
    });
    stack = await startLocalStack({
      source: {
        kind: "simulator",
        scenario: await loadScenarioFile(scenarioPath("class.yaml")),
        speed: SPEED,
      },
      apiPort: 0,
      onSweep: (summary) => sweeps.push(summary),
    });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    process.env = env;
  });

  /** Polls the API's queries until `done` holds of what `read` answers (a live run: real time passes). */
  async function until<T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
    timeoutMs: number,
  ): Promise<T> {
    const end = Date.now() + timeoutMs;
    let value = await read();
    while (!done(value) && Date.now() < end) {
      await pause(250);
      value = await read();
    }
    return value;
  }

  it("lists 30 accounts ok and the two broken ones as roleNotAssumable, each with its label", async () => {
    const listed = await until(
      () => stack.api.queries.accounts("class"),
      // The heartbeat is written before the sweep returns: wait for its summary too.
      (l) => l.accounts.every((a) => a.status !== "pending") && sweeps.length > 0,
      45_000,
    );
    expect(listed.externalId).toMatch(/^tw-/);
    expect(listed.accounts.map((a) => a.accountId)).toEqual(ACCOUNTS);
    expect(listed.accounts.filter((a) => a.status === "ok").map((a) => a.accountId)).toEqual(WORKING);
    for (const account of listed.accounts.filter((a) => BROKEN.includes(a.accountId))) {
      expect(account.status).toBe("roleNotAssumable");
      expect(account.hint).toContain("not deployed in this account yet");
    }
    expect(listed.accounts[0]?.label).toBe("participant-01");
    // A fresh DynamoDB Local is slow to answer its first requests: none of them may count the
    // store unavailable (the sweep would then record nothing, not even the class's heartbeat).
    expect(sweeps.length).toBeGreaterThan(0);
    expect(sweeps.filter((s) => !s.storeAvailable)).toEqual([]);
    // Only the two broken accounts' AssumeRole fails; nothing else does.
    const errors = sweeps.flatMap((s) => s.errors);
    expect(errors.every((e) => /^discovery in account 2100000000(07|13) .*AccessDenied/.test(e))).toBe(true);
  }, 50_000);

  it("shows each started participant's NLB with its account, and none of the broken ones'", async () => {
    // Participants start 20 s apart: the first ones have an NLB by the sweep at one minute.
    const nlbs = await until(
      async () => (await stack.api.queries.listLoadBalancers("class", { limit: 100 })).items,
      (items) => new Set(items.map((lb) => lb.accountId)).size >= 2,
      45_000,
    );
    const accounts = new Set(nlbs.map((lb) => lb.accountId));
    expect(accounts.size).toBeGreaterThanOrEqual(2);
    expect([...accounts].every((a) => WORKING.includes(a))).toBe(true);
  }, 50_000);
});
