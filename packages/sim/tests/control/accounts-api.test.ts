import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VirtualClock } from "../../src/clock.ts";
import { loadScenarioFile } from "../../src/scenario/load.ts";
import { type Simulator, startSimulator } from "../../src/simulator.ts";
import { controlCaller } from "./control-call.ts";

const START = Date.parse("2026-11-27T09:00:00.000Z");
const MONITOR = "111111111111";
const COLLECTOR_ROLE = `arn:aws:iam::${MONITOR}:role/targetwatch-collector`;

describe("the control API's accounts (scenarios/class.yaml)", () => {
  let sim: Simulator;
  const call = controlCaller(() => sim.endpoint);

  beforeAll(async () => {
    sim = await startSimulator({
      scenario: await loadScenarioFile("scenarios/class.yaml"),
      clock: VirtualClock.manual({ start: START }),
    });
  });
  afterAll(() => sim.stop());

  it("lists the monitor first, then one account per participant with its label and role setting", async () => {
    // Act
    const { status, body } = await call("GET", "accounts");
    // Assess
    expect(status).toBe(200);
    expect(body.monitor).toBe(MONITOR);
    const accounts = body.accounts as Record<string, unknown>[];
    expect(accounts).toHaveLength(33);
    expect(accounts[0]).toEqual({
      accountId: MONITOR,
      monitor: true,
      roleSetting: "present",
      ownRoleArn: COLLECTOR_ROLE,
      roles: [],
    });
    expect(accounts[7]).toEqual({
      accountId: "210000000007",
      label: "participant-07",
      monitor: false,
      roleSetting: "missing",
      ownRoleArn: "arn:aws:iam::210000000007:role/WSParticipantRole",
      roles: [],
    });
    expect(accounts[13]).toMatchObject({ label: "participant-13", roleSetting: "wrongExternalId" });
  });

  it("deploys the participant role into every participant account as each one's setting says", async () => {
    // Act
    const { status, body } = await call("PUT", "accounts/role", { externalId: "tw-workshop-1" });
    // Assess
    expect(status).toBe(200);
    const deployed = body.deployed as { accountId: string; setting: string; role: unknown }[];
    expect(deployed).toHaveLength(32);
    expect(deployed[0]).toEqual({
      accountId: "210000000001",
      setting: "present",
      role: {
        name: "TargetWatchReader",
        arn: "arn:aws:iam::210000000001:role/TargetWatchReader",
        trustedPrincipal: COLLECTOR_ROLE,
        externalId: "tw-workshop-1",
      },
    });
    expect(deployed[6]).toEqual({ accountId: "210000000007", setting: "missing", role: null });
    expect(deployed[12]?.role).toMatchObject({ externalId: "not-tw-workshop-1" });
    const alice = await call("GET", "accounts/210000000001");
    expect(alice.body.roles).toHaveLength(1);
  });

  it("lets one account's role be redeployed with another setting, and deleted", async () => {
    // Act
    const fixed = await call("PUT", "accounts/210000000007/role", {
      externalId: "tw-workshop-1",
      trustedPrincipal: MONITOR,
      setting: "present",
    });
    const deleted = await call("DELETE", "accounts/210000000007/role");
    const again = await call("DELETE", "accounts/210000000007/role");
    // Assess
    expect(fixed.body).toEqual({
      accountId: "210000000007",
      setting: "present",
      role: {
        name: "TargetWatchReader",
        arn: "arn:aws:iam::210000000007:role/TargetWatchReader",
        trustedPrincipal: MONITOR,
        externalId: "tw-workshop-1",
      },
    });
    expect(deleted.body).toEqual({ accountId: "210000000007", removed: true });
    expect(again.body).toEqual({ accountId: "210000000007", removed: false });
  });

  it("hands out an account's own credentials, the same until they near their end", async () => {
    // Act
    const first = await call("GET", "accounts/210000000003/credentials");
    const second = await call("GET", "accounts/210000000003/credentials");
    // Assess
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      accountId: "210000000003",
      accessKeyId: expect.stringMatching(/^ASIA[A-Z2-7]{16}$/),
      arn: expect.stringMatching(
        /^arn:aws:sts::210000000003:assumed-role\/WSParticipantRole\/i-[0-9a-f]{17}$/,
      ),
    });
    expect(typeof first.body.secretAccessKey).toBe("string");
    expect(typeof first.body.sessionToken).toBe("string");
    expect(Date.parse(String(first.body.expiration)) - Date.now()).toBeGreaterThan(5 * 3600_000);
    expect(second.body).toEqual(first.body);
  });

  it("answers 404 for an account the world does not have, 400 for a bad role, 405 for a wrong method", async () => {
    expect((await call("GET", "accounts/999999999999/credentials")).status).toBe(404);
    const bad = await call("PUT", "accounts/210000000001/role", {
      trustedPrincipal: "everyone",
      name: "x y",
    });
    expect(bad.status).toBe(400);
    expect((bad.body.error as { message: string }).message).toMatch(/name: must be an IAM role name/);
    expect((bad.body.error as { message: string }).message).toMatch(
      /trustedPrincipal: must be an account id/,
    );
    expect((await call("POST", "accounts")).status).toBe(405);
  });

  it("shows each cluster's account in the world and each truth event's", async () => {
    // Act
    await call("POST", "clock/advance", { seconds: 200 });
    const world = await call("GET", "world");
    const truth = await call("GET", "truth");
    // Assess
    const clusters = world.body.clusters as { name: string; accountId: string }[];
    expect(clusters[0]).toMatchObject({ name: "participant-01", accountId: "210000000001" });
    const transitions = truth.body.transitions as { cluster: string; accountId: string }[];
    expect(transitions.find((t) => t.cluster === "participant-02")?.accountId).toBe("210000000002");
  });
});
