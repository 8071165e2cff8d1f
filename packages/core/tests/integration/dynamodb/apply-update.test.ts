import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ItemTooLargeError } from "../../../src/adapters/dynamodb/errors.ts";
import type { Transition } from "../../../src/model/transition.ts";
import { ConcurrentUpdateError, type NlbUpdate } from "../../../src/ports/index.ts";
import { pickNamed } from "../../../src/queries/name-choices.ts";
import {
  modeTransition,
  NLB_ARN,
  NLB_NAME,
  nlbState,
  REGION,
  T0,
  target,
  targetTransition,
} from "./fixtures.ts";
import { createTestTable, type TestTable } from "./rig.ts";

const RETENTION_DAYS = 30;
const DAY_SECONDS = 86_400;

/**
 * A transition observed `offsetMs` from the wall clock's now: what a sweep writes. DynamoDB
 * (Local too, within a second) deletes items whose TTL has passed by the wall clock, so a test
 * that reads back what it wrote must not date it by the fixtures' fixed T0 with a short retention.
 */
function observedNow(offsetMs = 0) {
  const at = Date.now() + offsetMs;
  return targetTransition(at - T0, { observedBetween: [at - 5_000, at], secondsInPreviousState: 30 });
}

describe("DynamoWorkshopStore.applyUpdate", () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable("apply-update");
  });

  afterAll(() => table.destroy());

  async function storedTransitions(workshopId: string): Promise<Record<string, unknown>[]> {
    return table.partition(`WS#${workshopId}#TR`);
  }

  it("creates an NLB at version 1, updates it to version 2, then deletes it", async () => {
    // Prepare
    const store = table.store();
    const created = nlbState();
    const updated = nlbState({
      targets: [
        target("10.42.1.17", {
          state: "healthy",
          reason: undefined,
          description: undefined,
          since: T0 + 90_000,
        }),
      ],
      lastSeenAt: T0 + 90_000,
      lastChangeAt: T0 + 90_000,
    });

    // Act
    await store.applyUpdate({ workshopId: "lifecycle", next: created, transitions: [] }, RETENTION_DAYS);
    const afterCreate = await store.loadNlbStates("lifecycle");
    await store.applyUpdate(
      { workshopId: "lifecycle", previous: { state: created, version: 1 }, next: updated, transitions: [] },
      RETENTION_DAYS,
    );
    const afterUpdate = await store.loadNlbStates("lifecycle");
    const one = await store.getNlbStates("lifecycle", REGION, NLB_NAME);
    await store.applyUpdate(
      { workshopId: "lifecycle", previous: { state: updated, version: 2 }, transitions: [] },
      RETENTION_DAYS,
    );
    const afterDelete = await store.loadNlbStates("lifecycle");

    // Assess
    expect(afterCreate).toEqual(new Map([[NLB_ARN, { state: created, version: 1 }]]));
    expect(afterUpdate).toEqual(new Map([[NLB_ARN, { state: updated, version: 2 }]]));
    expect(one).toEqual([{ state: updated, version: 2 }]);
    expect(afterDelete.size).toBe(0);
    expect(await store.getNlbStates("lifecycle", REGION, NLB_NAME)).toEqual([]);
  });

  it("writes nothing for an update with no previous state, no next state and no transitions", async () => {
    // Prepare
    const store = table.store();

    // Act
    await store.applyUpdate({ workshopId: "empty", transitions: [] }, RETENTION_DAYS);

    // Assess
    expect(store.stats().writeRequests).toBe(0);
  });

  it("stores transitions with an expiresAt of their time plus the retention, in epoch seconds", async () => {
    // Prepare
    const store = table.store();
    // Dated a little ahead of the wall clock, as a simulated world running faster than real time dates them.
    const transition = observedNow(95_500);

    // Act
    await store.applyUpdate({ workshopId: "ttl", next: nlbState(), transitions: [transition] }, 7);

    // Assess
    const [item] = await storedTransitions("ttl");
    expect(item?.expiresAt).toBe(Math.floor(transition.at / 1000) + 7 * DAY_SECONDS);
    expect(await store.listTransitions("ttl")).toEqual([transition]);
  });

  it("never stores a transition already expired: one written after its time is kept the retention from the write", async () => {
    // Prepare
    const store = table.store();
    // Observed on 2026-11-27 (T0), written now with one day of retention: by its own time it would have expired.
    const transition = targetTransition(3_000);
    const before = Math.floor(Date.now() / 1000);

    // Act
    await store.applyUpdate({ workshopId: "late", next: nlbState(), transitions: [transition] }, 1);
    const after = Math.floor(Date.now() / 1000);

    // Assess
    const [item] = await storedTransitions("late");
    expect(item?.expiresAt).toBeGreaterThanOrEqual(before + DAY_SECONDS);
    expect(item?.expiresAt).toBeLessThanOrEqual(after + DAY_SECONDS);
    expect(await store.listTransitions("late")).toEqual([transition]);
  });

  it("refuses the same update applied twice with ConcurrentUpdateError and keeps one copy of its transitions", async () => {
    // Prepare
    const store = table.store();
    const update: NlbUpdate = {
      workshopId: "twice",
      next: nlbState(),
      transitions: [
        targetTransition(0, { from: "unregistered", to: "initial", secondsInPreviousState: undefined }),
      ],
    };
    await store.applyUpdate(update, RETENTION_DAYS);

    // Act
    const again = store.applyUpdate(update, RETENTION_DAYS);

    // Assess
    await expect(again).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(await storedTransitions("twice")).toHaveLength(1);
    expect((await store.loadNlbStates("twice")).get(NLB_ARN)?.version).toBe(1);
  });

  it("lets exactly one of two concurrent updates from the same version win, storing only the winner's transitions", async () => {
    // Prepare
    const store = table.store();
    const base = nlbState();
    await store.applyUpdate({ workshopId: "race", next: base, transitions: [] }, RETENTION_DAYS);
    // Two overlapping sweeps saw the same change between different samples.
    const sweepA: NlbUpdate = {
      workshopId: "race",
      previous: { state: base, version: 1 },
      next: nlbState({ lastChangeAt: T0 + 90_000 }),
      transitions: [targetTransition(90_000), modeTransition(90_000)],
    };
    const sweepB: NlbUpdate = {
      workshopId: "race",
      previous: { state: base, version: 1 },
      next: nlbState({ lastChangeAt: T0 + 92_000 }),
      transitions: [targetTransition(92_000), modeTransition(92_000)],
    };

    // Act
    const results = await Promise.allSettled([
      store.applyUpdate(sweepA, RETENTION_DAYS),
      store.applyUpdate(sweepB, RETENTION_DAYS),
    ]);

    // Assess
    const winners = results.flatMap((r, i) => (r.status === "fulfilled" ? [i === 0 ? sweepA : sweepB] : []));
    const losers = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]).toBeInstanceOf(ConcurrentUpdateError);
    const winner = winners[0] as NlbUpdate;
    expect(await store.loadNlbStates("race")).toEqual(
      new Map([[NLB_ARN, { state: winner.next, version: 2 }]]),
    );
    const stored = await store.listTransitions("race");
    expect(stored).toHaveLength(winner.transitions.length);
    expect(stored).toEqual(expect.arrayContaining(winner.transitions));
    expect(await storedTransitions("race")).toHaveLength(2);
  });

  it("lets exactly one of two concurrent creations of the same NLB win", async () => {
    // Prepare
    const store = table.store();
    const create = (at: number): NlbUpdate => ({
      workshopId: "race-create",
      next: nlbState({ firstSeenAt: T0 + at }),
      transitions: [
        {
          kind: "loadBalancer",
          at: T0 + at,
          observedBetween: [T0 + at - 60_000, T0 + at],
          region: REGION,
          loadBalancerArn: NLB_ARN,
          loadBalancerName: NLB_NAME,
          from: "absent",
          to: "present",
        },
      ],
    });

    // Act
    const results = await Promise.allSettled([
      store.applyUpdate(create(1_000), RETENTION_DAYS),
      store.applyUpdate(create(2_000), RETENTION_DAYS),
    ]);

    // Assess
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(ConcurrentUpdateError);
    expect(await storedTransitions("race-create")).toHaveLength(1);
  });

  it("refuses an update based on a version that was deleted since", async () => {
    // Prepare
    const store = table.store();
    const state = nlbState();
    await store.applyUpdate({ workshopId: "stale", next: state, transitions: [] }, RETENTION_DAYS);
    await store.applyUpdate(
      { workshopId: "stale", previous: { state, version: 1 }, transitions: [] },
      RETENTION_DAYS,
    );

    // Act
    const stale = store.applyUpdate(
      {
        workshopId: "stale",
        previous: { state, version: 1 },
        next: state,
        transitions: [targetTransition(5_000)],
      },
      RETENTION_DAYS,
    );

    // Assess
    await expect(stale).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(await storedTransitions("stale")).toHaveLength(0);
  });

  it("stores more transitions than one transaction holds, and a retry of that update adds none", async () => {
    // Prepare
    const store = table.store();
    const transitions: Transition[] = Array.from({ length: 250 }, (_, i) =>
      targetTransition(1_000 * (i + 1), {
        target: { id: `10.42.${Math.floor(i / 200)}.${i % 200}`, port: 8080 },
      }),
    );
    const update: NlbUpdate = { workshopId: "many", next: nlbState(), transitions };

    // Act
    await store.applyUpdate(update, RETENTION_DAYS);
    const writesOfFirst = store.stats().writeRequests;
    const retry = store.applyUpdate(update, RETENTION_DAYS);

    // Assess
    await expect(retry).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(await storedTransitions("many")).toHaveLength(250);
    expect((await store.loadNlbStates("many")).get(NLB_ARN)?.version).toBe(1);
    // 151 overflow puts + 1 transaction; the retry stops at its version check, before any write.
    expect(writesOfFirst).toBe(250 - 99 + 1);
    expect(store.stats().writeRequests).toBe(writesOfFirst);
  });

  it("writes none of a large update's transitions when its version is stale", async () => {
    // Prepare
    const store = table.store();
    const state = nlbState();
    await store.applyUpdate({ workshopId: "many-stale", next: state, transitions: [] }, RETENTION_DAYS);
    await store.applyUpdate(
      { workshopId: "many-stale", previous: { state, version: 1 }, next: state, transitions: [] },
      RETENTION_DAYS,
    );
    const transitions: Transition[] = Array.from({ length: 120 }, (_, i) =>
      targetTransition(1_000 * (i + 1), { target: { id: `10.42.0.${i}`, port: 8080 } }),
    );

    // Act
    const stale = store.applyUpdate(
      { workshopId: "many-stale", previous: { state, version: 1 }, next: state, transitions },
      RETENTION_DAYS,
    );

    // Assess
    await expect(stale).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(await storedTransitions("many-stale")).toHaveLength(0);
  });

  it("stores transitions of an update without state once, however often it is retried", async () => {
    // Prepare
    const store = table.store();
    const update: NlbUpdate = {
      workshopId: "orphans",
      transitions: [targetTransition(1_000), modeTransition(2_000)],
    };

    // Act
    await store.applyUpdate(update, RETENTION_DAYS);
    await store.applyUpdate(update, RETENTION_DAYS);

    // Assess
    expect(await storedTransitions("orphans")).toHaveLength(2);
  });

  it("stores a transition listed twice in one update once", async () => {
    // Prepare
    const store = table.store();
    const transition = observedNow();

    // Act
    await store.applyUpdate(
      { workshopId: "dup", next: nlbState(), transitions: [transition, { ...transition }] },
      1,
    );

    // Assess
    expect(await storedTransitions("dup")).toHaveLength(1);
  });

  it("keeps a re-created NLB of the same name apart from the old one", async () => {
    // Prepare
    const store = table.store();
    const old = nlbState({ firstSeenAt: T0 });
    const recreatedArn = NLB_ARN.replace(/[0-9a-f]+$/, "aaaabbbbccccdddd");
    const recreated = nlbState({ arn: recreatedArn, firstSeenAt: T0 + 600_000 });
    await store.applyUpdate({ workshopId: "recreate", next: old, transitions: [] }, RETENTION_DAYS);

    // Act
    await store.applyUpdate({ workshopId: "recreate", next: recreated, transitions: [] }, RETENTION_DAYS);
    const both = await store.loadNlbStates("recreate");
    const named = await store.getNlbStates("recreate", REGION, NLB_NAME);
    const current = pickNamed(
      named.map((n) => n.state),
      NLB_NAME,
      { labelOf: () => null },
    );
    await store.applyUpdate(
      { workshopId: "recreate", previous: { state: old, version: 1 }, transitions: [] },
      RETENTION_DAYS,
    );

    // Assess
    expect([...both.keys()].sort()).toEqual([NLB_ARN, recreatedArn].sort());
    expect(named).toHaveLength(2);
    expect(current?.arn).toBe(recreatedArn);
    expect([...(await store.loadNlbStates("recreate")).keys()]).toEqual([recreatedArn]);
  });

  it("refuses an NLB state too large for one item before writing anything", async () => {
    // Prepare
    const store = table.store();
    const huge = nlbState({
      targets: Array.from({ length: 3_000 }, (_, i) => target(`10.${Math.floor(i / 250)}.${i % 250}.1`)),
    });

    // Act
    const applying = store.applyUpdate({ workshopId: "huge", next: huge, transitions: [] }, RETENTION_DAYS);

    // Assess
    await expect(applying).rejects.toBeInstanceOf(ItemTooLargeError);
    expect(store.stats().writeRequests).toBe(0);
  });

  it("refuses an update whose previous and next states are different NLBs", async () => {
    // Prepare
    const store = table.store();
    const other = nlbState({ arn: NLB_ARN.replace(/[0-9a-f]+$/, "0000111122223333") });

    // Act
    const applying = store.applyUpdate(
      { workshopId: "mixed-up", previous: { state: nlbState(), version: 1 }, next: other, transitions: [] },
      RETENTION_DAYS,
    );

    // Assess
    await expect(applying).rejects.toBeInstanceOf(RangeError);
  });
});
