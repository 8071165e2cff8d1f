import { describe, expect, it } from "vitest";
import { runSweep, type SweepOptions } from "../../../src/collector/sweep.ts";
import type { NlbSnapshot } from "../../../src/model/snapshot.ts";
import type { Workshop } from "../../../src/model/workshop.ts";
import { accountOfArn } from "../../../src/rules/index.ts";
import { NLB_ARN, REGION, s } from "../rules/fixtures.ts";
import { OTHER_REGION, participantNlb, sweepRig, workshop } from "./fixtures.ts";
import { accessDenied, ScriptedAccounts } from "./scripted-accounts.ts";

const ALICE = "210000000001";
const BOB = "210000000002";
const CAROL = "210000000003";

/** A participant's NLB in their own account (its ARN and its groups' ARNs say so). */
function nlbIn(accountId: string, name: string): NlbSnapshot {
  return JSON.parse(
    JSON.stringify(participantNlb(name)).replaceAll(`:${accountOfArn(NLB_ARN)}:`, `:${accountId}:`),
  );
}

const classOf = (accountIds: string[], overrides: Partial<Workshop> = {}): Workshop =>
  workshop("class", {
    accounts: accountIds.map((accountId) => ({ accountId })),
    externalId: "tw-class",
    ...overrides,
  });

function accountsRig() {
  const rig = sweepRig();
  const accounts = new ScriptedAccounts(rig.clock);
  const sweep = (at: number, options: Partial<SweepOptions> = {}) => {
    rig.clock.advanceTo(at);
    return runSweep({
      source: rig.source,
      accountSources: accounts,
      store: rig.store,
      clock: rig.clock,
      defaultRegions: [REGION],
      deadline: at + 50_000,
      burstIntervalSeconds: 0,
      ...options,
    });
  };
  return { ...rig, accounts, sweep };
}

describe("a workshop with participant accounts", () => {
  it("reads each account through its role with the workshop's external id, and a workshop without accounts as before", async () => {
    // Prepare
    const rig = accountsRig();
    await rig.store.putWorkshop(classOf([ALICE, BOB], { roleName: "Reader" }));
    await rig.store.putWorkshop(workshop("own"));
    rig.accounts.account(ALICE).regions.set(REGION, { loadBalancers: [nlbIn(ALICE, "k8s-ui-uinlb-alice")] });
    rig.accounts.account(BOB).regions.set(REGION, { loadBalancers: [nlbIn(BOB, "k8s-ui-uinlb-bob")] });
    rig.source.regions.set(REGION, { loadBalancers: [participantNlb("k8s-ui-uinlb-own")] });
    // Act
    const summary = await rig.sweep(s(0));
    // Assess
    expect(rig.accounts.assumed.sort()).toEqual([`${ALICE} Reader tw-class`, `${BOB} Reader tw-class`]);
    const named = async (id: string) =>
      [...(await rig.store.loadNlbStates(id)).values()].map(({ state }) => state.name).sort();
    expect(await named("class")).toEqual(["k8s-ui-uinlb-alice", "k8s-ui-uinlb-bob"]);
    expect(await named("own")).toEqual(["k8s-ui-uinlb-own"]);
    const heartbeat = await rig.store.getHeartbeat("class");
    expect(heartbeat?.accounts).toEqual({
      [ALICE]: { status: "ok", lastSweptAt: heartbeat?.at, loadBalancers: 1 },
      [BOB]: { status: "ok", lastSweptAt: heartbeat?.at, loadBalancers: 1 },
    });
    expect(heartbeat?.regionsObservedAt).toEqual({
      [`${ALICE}/${REGION}`]: s(0),
      [`${BOB}/${REGION}`]: s(0),
    });
    expect((await rig.store.getHeartbeat("own"))?.accounts).toBeUndefined();
    expect(summary.errors).toEqual([]);
  });

  it("reads every account in every region of the workshop", async () => {
    // Prepare
    const rig = accountsRig();
    await rig.store.putWorkshop(
      classOf([ALICE, BOB], { selector: { tags: [], regions: [REGION, OTHER_REGION] } }),
    );
    // Act
    await rig.sweep(s(0));
    // Assess
    for (const account of [ALICE, BOB])
      expect(
        rig.accounts
          .account(account)
          .discoveries.map((d) => d.region)
          .sort(),
      ).toEqual([OTHER_REGION, REGION]);
    expect(rig.source.discoveries).toEqual([]);
  });

  it("isolates an account whose role STS refuses: its NLBs keep their last known state, marked, the others are recorded", async () => {
    // Prepare: a first sweep reads everyone, then Bob's role goes (external id rotated, role deleted)
    const rig = accountsRig();
    await rig.store.putWorkshop(classOf([ALICE, BOB, CAROL]));
    for (const account of [ALICE, BOB, CAROL])
      rig.accounts
        .account(account)
        .regions.set(REGION, { loadBalancers: [nlbIn(account, `k8s-ui-uinlb-${account}`)] });
    await rig.sweep(s(0));
    const first = await rig.store.getHeartbeat("class");
    rig.accounts.refusals.set(BOB, accessDenied(BOB));
    rig.accounts.account(CAROL).regions.set(REGION, new Error("Rate exceeded"));
    rig.accounts.account(ALICE).regions.set(REGION, { loadBalancers: [] });
    // Act
    const summary = await rig.sweep(s(60));
    // Assess
    const states = new Map(
      [...(await rig.store.loadNlbStates("class")).values()].map(({ state }) => [
        accountOfArn(state.arn),
        state,
      ]),
    );
    expect(states.has(ALICE)).toBe(false); // Alice deleted hers: seen gone
    expect(states.get(BOB)?.error?.message).toContain("AccessDenied");
    expect(states.get(BOB)?.lastSeenAt).toBe(s(0));
    expect(states.get(CAROL)?.error?.message).toBe("Rate exceeded");
    const heartbeat = await rig.store.getHeartbeat("class");
    expect(heartbeat?.accounts).toEqual({
      [ALICE]: { status: "ok", lastSweptAt: heartbeat?.at, loadBalancers: 0 },
      [BOB]: {
        status: "roleNotAssumable",
        message: expect.stringMatching(
          /^AssumeRole of arn:aws:iam::210000000002:role\/TargetWatchReader: AccessDenied: /,
        ),
        lastSweptAt: first?.at,
        loadBalancers: 1,
      },
      [CAROL]: { status: "error", message: "Rate exceeded", lastSweptAt: first?.at, loadBalancers: 1 },
    });
    expect(summary.errors).toEqual([
      expect.stringContaining(`discovery in account ${BOB} in ${REGION}: AssumeRole of`),
      `discovery in account ${CAROL} in ${REGION}: Rate exceeded`,
    ]);
    expect(rig.accounts.account(BOB).discoveries).toHaveLength(1); // only the first sweep's
  });

  it("reports an account the sweep did not get to as pending", async () => {
    // Prepare: the sweep runs out of time before reading anything
    const rig = accountsRig();
    await rig.store.putWorkshop(classOf([ALICE]));
    rig.accounts.account(ALICE).stalled = true;
    // Act
    await rig.sweep(s(0), { deadline: s(0) });
    const pending = (await rig.store.getHeartbeat("class"))?.accounts;
    // Assess
    expect(pending).toEqual({ [ALICE]: { status: "pending", loadBalancers: 0 } });
  });

  it("keeps a workshop that shares an account with another external id apart: each assumes with its own", async () => {
    // Prepare
    const rig = accountsRig();
    await rig.store.putWorkshop(classOf([ALICE]));
    await rig.store.putWorkshop(
      workshop("other", { accounts: [{ accountId: ALICE }], externalId: "tw-other" }),
    );
    // Act
    await rig.sweep(s(0));
    // Assess
    expect(rig.accounts.assumed.sort()).toEqual([
      `${ALICE} TargetWatchReader tw-class`,
      `${ALICE} TargetWatchReader tw-other`,
    ]);
  });

  it("lets the NLBs of an account taken out of the workshop leave it, and reads that account no more", async () => {
    // Prepare
    const rig = accountsRig();
    await rig.store.putWorkshop(classOf([ALICE, BOB]));
    for (const account of [ALICE, BOB])
      rig.accounts
        .account(account)
        .regions.set(REGION, { loadBalancers: [nlbIn(account, `k8s-ui-uinlb-${account}`)] });
    await rig.sweep(s(0));
    await rig.store.putWorkshop(classOf([ALICE]));
    // Act
    await rig.sweep(s(60));
    // Assess
    const left = [...(await rig.store.loadNlbStates("class")).keys()].map(accountOfArn);
    expect(left).toEqual([ALICE]);
    expect(rig.accounts.account(BOB).discoveries).toHaveLength(1);
    expect(Object.keys((await rig.store.getHeartbeat("class"))?.accounts ?? {})).toEqual([ALICE]);
  });
});
