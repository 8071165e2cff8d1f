import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_WORKSHOP } from "../../../src/model/workshop.ts";
import { heartbeat, workshop } from "./fixtures.ts";
import { createTestTable, type TestTable } from "./rig.ts";

describe("DynamoWorkshopStore workshops and heartbeats", () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable("workshops");
  });

  afterAll(() => table.destroy());

  it("lists the workshops it stored, and stores a second put of the same id as an update", async () => {
    // Prepare
    const store = table.store();
    const first = workshop({ id: "list-a" });
    const second = workshop({ id: "list-b", selector: { tags: [], regions: [] } });

    // Act
    await store.putWorkshop(first);
    await store.putWorkshop(second);
    await store.putWorkshop({ ...first, name: "Renamed", stuckThresholdSeconds: 120 });
    const listed = await store.listWorkshops();

    // Assess
    const ours = listed.filter((w) => w.id.startsWith("list-"));
    expect(ours).toEqual([{ ...first, name: "Renamed", stuckThresholdSeconds: 120 }, second]);
  });

  it("drops optional fields left undefined instead of failing on them", async () => {
    // Prepare
    const store = table.store();
    const withUndefined = workshop({
      id: "optional",
      selector: {
        tags: [{ key: "elbv2.k8s.aws/cluster", value: undefined }],
        namePrefix: undefined,
        regions: [],
      },
    });

    // Act
    await store.putWorkshop(withUndefined);
    const stored = (await store.listWorkshops()).find((w) => w.id === "optional");

    // Assess
    expect(stored?.selector).toEqual({ tags: [{ key: "elbv2.k8s.aws/cluster" }], regions: [] });
  });

  it("returns a heartbeat as it was put, the latest one winning", async () => {
    // Prepare
    const store = table.store();
    const older = heartbeat({ workshopId: "beat", at: 1_000 });
    const latest = heartbeat({ workshopId: "beat", at: 61_000, errors: ["us-east-1: Throttling"], stuck: 1 });

    // Act
    await store.putHeartbeat(older);
    await store.putHeartbeat(latest);
    const read = await store.getHeartbeat("beat");
    const missing = await store.getHeartbeat("never-swept");

    // Assess
    expect(read).toEqual(latest);
    expect(missing).toBeUndefined();
  });

  it("lists each workshop with its latest sweep, including the default workshop that has no config item", async () => {
    // Prepare
    const store = table.store();
    const configured = workshop({ id: "summary-a" });
    await store.putWorkshop(configured);
    await store.putHeartbeat(heartbeat({ workshopId: "summary-a" }));
    await store.putHeartbeat(heartbeat({ workshopId: DEFAULT_WORKSHOP.id, loadBalancers: 7 }));

    // Act
    const summaries = await store.listWorkshopSummaries();

    // Assess
    expect(summaries.find((s) => s.workshopId === "summary-a")).toEqual({
      workshopId: "summary-a",
      workshop: configured,
      heartbeat: heartbeat({ workshopId: "summary-a" }),
    });
    expect(summaries.find((s) => s.workshopId === DEFAULT_WORKSHOP.id)).toEqual({
      workshopId: DEFAULT_WORKSHOP.id,
      heartbeat: heartbeat({ workshopId: DEFAULT_WORKSHOP.id, loadBalancers: 7 }),
    });
    expect((await store.listWorkshops()).map((w) => w.id)).not.toContain(DEFAULT_WORKSHOP.id);
  });

  it("deletes a workshop's config so it is no longer listed", async () => {
    // Prepare
    const store = table.store();
    await store.putWorkshop(workshop({ id: "to-delete" }));

    // Act
    await store.deleteWorkshop("to-delete");

    // Assess
    expect((await store.listWorkshops()).map((w) => w.id)).not.toContain("to-delete");
  });

  it("rejects a workshop id that would break the key layout", async () => {
    // Prepare
    const store = table.store();

    // Act
    const putting = store.putWorkshop(workshop({ id: "a#CONFIG" }));

    // Assess
    await expect(putting).rejects.toBeInstanceOf(RangeError);
  });
});
