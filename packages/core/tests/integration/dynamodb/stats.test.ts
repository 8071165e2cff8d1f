import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConcurrentUpdateError } from "../../../src/ports/index.ts";
import { heartbeat, modeTransition, nlbState, targetTransition, workshop } from "./fixtures.ts";
import { createTestTable, type TestTable } from "./rig.ts";

describe("DynamoWorkshopStore.stats", () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable("stats");
  });

  afterAll(() => table.destroy());

  it("counts one write per changed NLB and per heartbeat, and one read per query", async () => {
    // Prepare
    const store = table.store();
    await store.putWorkshop(workshop({ id: "counted" }));
    const before = store.stats();

    // Act: one sweep that saw a new NLB with two transitions, then a steady-state sweep.
    await store.listWorkshops();
    await store.loadNlbStates("counted");
    await store.applyUpdate(
      {
        workshopId: "counted",
        next: nlbState(),
        transitions: [targetTransition(1_000), modeTransition(1_000)],
      },
      30,
    );
    await store.putHeartbeat(heartbeat({ workshopId: "counted" }));
    const firstSweep = store.stats();
    await store.loadNlbStates("counted");
    await store.putHeartbeat(heartbeat({ workshopId: "counted", at: 60_000 }));
    const secondSweep = store.stats();

    // Assess
    expect(before).toMatchObject({ writeRequests: 1, readRequests: 0 });
    expect(firstSweep).toMatchObject({ writeRequests: 3, readRequests: 2 });
    expect(secondSweep.writeRequests - firstSweep.writeRequests).toBe(1);
    expect(secondSweep.readRequests - firstSweep.readRequests).toBe(1);
    expect(firstSweep.writeCapacityUnits).toBeGreaterThan(before.writeCapacityUnits);
  });

  it("counts a refused write too: it was sent", async () => {
    // Prepare
    const store = table.store();
    await store.applyUpdate({ workshopId: "refused", next: nlbState(), transitions: [] }, 30);

    // Act
    const refused = store.applyUpdate({ workshopId: "refused", next: nlbState(), transitions: [] }, 30);

    // Assess
    await expect(refused).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(store.stats().writeRequests).toBe(2);
  });
});
