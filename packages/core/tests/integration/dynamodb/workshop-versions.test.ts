import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WORKSHOPS_PK, workshopConfigSk } from "../../../src/adapters/dynamodb/keys.ts";
import type { Workshop } from "../../../src/model/workshop.ts";
import { MAX_UPDATE_ATTEMPTS } from "../../../src/ports/optimistic-update.ts";
import { NotFoundError } from "../../../src/queries/query-errors.ts";
import { WorkshopQueries } from "../../../src/queries/workshop-queries.ts";
import { withAccount } from "../../../src/rules/workshop-config.ts";
import { REGION, workshop } from "./fixtures.ts";
import { createTestTable, type TestTable } from "./rig.ts";

const account = (n: number) => String(210000000000 + n);

describe("versioned workshop config writes (ApiStore.createWorkshop / updateWorkshop)", () => {
  let table: TestTable;

  beforeAll(async () => {
    table = await createTestTable("versions");
  });
  afterAll(() => table.destroy());

  /** The config item as stored, keys and version and all. */
  async function storedItem(id: string): Promise<Record<string, unknown> | undefined> {
    return (await table.partition(WORKSHOPS_PK)).find((item) => item.sk === workshopConfigSk(id));
  }

  it("creates a config as version 1, once: a second create of the same id writes nothing", async () => {
    // Act
    const first = await table.store().createWorkshop(workshop({ id: "created", name: "First" }));
    const second = await table.store().createWorkshop(workshop({ id: "created", name: "Second" }));
    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(await storedItem("created")).toMatchObject({ name: "First", version: 1 });
  });

  it("moves the version on with each update and answers the config as stored", async () => {
    // Prepare
    await table.store().createWorkshop(workshop({ id: "counted" }));
    // Act
    const renamed = await table.store().updateWorkshop("counted", (w) => ({ ...w, name: "Renamed" }));
    await table.store().updateWorkshop("counted", (w) => ({ ...w, stuckThresholdSeconds: 120 }));
    // Assess
    expect(renamed.name).toBe("Renamed");
    expect(await storedItem("counted")).toMatchObject({
      name: "Renamed",
      stuckThresholdSeconds: 120,
      version: 3,
    });
    expect((await table.store().getWorkshop("counted")).workshop).not.toHaveProperty("version");
  });

  it("lands every one of many concurrent updates: none undoes another", async () => {
    // Prepare
    await table.store().createWorkshop(workshop({ id: "crowded" }));
    // Act: as many writers as attempts, each on its own store (as separate Lambda instances would
    // be), all at once. Each lost race is another writer's win and each writer wins once, so none
    // can lose more than n − 1 races: all must land, however the requests interleave.
    const added = Array.from({ length: MAX_UPDATE_ATTEMPTS }, (_, i) => account(i));
    await Promise.all(
      added.map((accountId) =>
        table
          .store()
          .updateWorkshop("crowded", (w) => withAccount(w, { accountId, label: `P ${accountId}` })),
      ),
    );
    // Assess
    const stored = (await table.store().getWorkshop("crowded")).workshop;
    expect(stored?.accounts?.map((a) => a.accountId).sort()).toEqual(added);
    expect(await storedItem("crowded")).toMatchObject({ version: 1 + added.length });
  });

  it("throws the queries' NotFoundError for a workshop that is not configured", async () => {
    await expect(table.store().updateWorkshop("absent", (w) => w)).rejects.toBeInstanceOf(NotFoundError);
    expect(await storedItem("absent")).toBeUndefined();
  });

  it("updates a config stored before versions existed (no version attribute) and versions it", async () => {
    // Prepare
    const legacy: Workshop = workshop({ id: "legacy" });
    await table.documents.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { pk: WORKSHOPS_PK, sk: workshopConfigSk("legacy"), entity: "workshop", ...legacy },
      }),
    );
    // Act
    await table.store().updateWorkshop("legacy", (w) => ({ ...w, name: "Versioned" }));
    // Assess
    expect(await storedItem("legacy")).toMatchObject({ name: "Versioned", version: 1 });
  });

  it("putWorkshop replaces a config through a conditional write, moving the version on", async () => {
    await table.store().putWorkshop(workshop({ id: "seeded", name: "One" }));
    await table.store().putWorkshop(workshop({ id: "seeded", name: "Two" }));
    expect(await storedItem("seeded")).toMatchObject({ name: "Two", version: 2 });
  });
});

describe("PUT /workshops/{id} racing account additions", () => {
  let table: TestTable;
  let api: WorkshopQueries;

  beforeAll(async () => {
    table = await createTestTable("put-race");
    api = new WorkshopQueries({
      store: table.store(),
      defaultRegions: [REGION],
      tokenSecret: "race",
      workshopCacheMs: 0,
    });
  });
  afterAll(() => table.destroy());

  it("keeps both a PUT's new settings and the accounts added while it ran, whichever lands first", async () => {
    // Prepare
    const { workshop: created } = await api.putWorkshop(
      workshop({ id: "class", accounts: [{ accountId: account(0), label: "Alice" }] }),
    );
    // Act: a facilitator's PUT (another name, another account) and joins, as many writers as attempts
    const joiners = Array.from({ length: MAX_UPDATE_ATTEMPTS - 1 }, (_, i) => account(100 + i));
    const [put] = await Promise.all([
      api.putWorkshop(
        workshop({
          id: "class",
          name: "Renamed",
          stuckThresholdSeconds: 600,
          accounts: [{ accountId: account(1) }],
        }),
      ),
      ...joiners.map((accountId) =>
        table
          .store()
          .updateWorkshop("class", (w) => withAccount(w, { accountId, label: `Joined ${accountId}` })),
      ),
    ]);
    // Assess
    const stored = (await table.store().getWorkshop("class")).workshop;
    expect(put.created).toBe(false);
    expect(stored).toMatchObject({
      name: "Renamed",
      stuckThresholdSeconds: 600,
      externalId: created.externalId,
    });
    expect(stored?.accounts?.map((a) => a.accountId).sort()).toEqual([account(0), account(1), ...joiners]);
    expect(stored?.accounts?.find((a) => a.accountId === account(0))?.label).toBe("Alice");
  });

  it("creates a workshop once when two PUTs race to create it: one 201, one 200, one external id", async () => {
    // Act
    const [a, b] = await Promise.all([
      api.putWorkshop(workshop({ id: "twice", name: "A", accounts: [{ accountId: account(1) }] })),
      api.putWorkshop(workshop({ id: "twice", name: "B", accounts: [{ accountId: account(2) }] })),
    ]);
    // Assess
    expect([a.created, b.created].sort()).toEqual([false, true]);
    const stored = (await table.store().getWorkshop("twice")).workshop;
    expect(stored?.externalId).toBe(a.workshop.externalId);
    expect(stored?.externalId).toBe(b.workshop.externalId);
    expect(stored?.accounts?.map((x) => x.accountId).sort()).toEqual([account(1), account(2)]);
  });
});
